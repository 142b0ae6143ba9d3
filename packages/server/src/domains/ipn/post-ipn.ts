import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { ipnAttempts, type ipnDeliveries, webhookEndpoints } from '../../db/schema/index.js';
import type { Logger } from '../../infra/logger.js';
import {
  BlockedAddressError,
  isPublicAddress,
  publicOnlyLookup,
} from '../../infra/public-address.js';
import type { CredentialCache } from '../merchants/credential-cache.js';
import { getWebhookSecrets } from '../merchants/get-webhook-secrets.js';
import { IPN_SIGNATURE_HEADER, signIpn } from './sign-ipn.js';

export const IPN_USER_AGENT = 'Ducat-IPN/1';
export const IPN_EVENT_ID_HEADER = 'Ducat-Event-Id';
/** Stored per attempt: enough to debug a merchant's endpoint, bounded so a chatty one costs little. */
export const RESPONSE_EXCERPT_CHARS = 1_000;
const ERROR_CHARS = 500;

export type IpnDeliveryRow = typeof ipnDeliveries.$inferSelect;

export type IpnAttemptResult = {
  attemptedAt: Date;
  /** The merchant answered 2xx: the IPN is acknowledged. */
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
};

function truncate(text: string, chars: number): string {
  // By code points, so a cut never leaves half a surrogate pair.
  const points = Array.from(text);
  return points.length <= chars ? text : points.slice(0, chars).join('');
}

// Keep-alive: a merchant receiving many IPNs gets them over a few reused connections instead of a
// TCP (and TLS) handshake each. node:http rather than fetch: on a 2-core machine the built-in
// fetch cost ~0.6 ms of CPU per request against ~0.08 ms for node:http, and IPNs are sent for
// every order change.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
const publicHttpAgent = new http.Agent({
  keepAlive: true,
  maxSockets: 64,
  lookup: publicOnlyLookup,
});
const publicHttpsAgent = new https.Agent({
  keepAlive: true,
  maxSockets: 64,
  lookup: publicOnlyLookup,
});

type Posted = { statusCode: number; excerpt: string };

/**
 * POSTs `body` and resolves once the status is known and the first characters of the answer are
 * read; the rest is never read (an endpoint may stream forever), and a body that stalls after the
 * status does not undo it. Redirects are not followed (node:http never follows them).
 */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  publicOnly: boolean,
): Promise<Posted> {
  const secure = url.protocol === 'https:';
  const send = secure ? https.request : http.request;
  // An IP literal never goes through `lookup`: checked here instead.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (publicOnly && isIP(literal) !== 0 && !isPublicAddress(literal)) {
    return Promise.reject(new BlockedAddressError(literal));
  }
  return new Promise<Posted>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        // Connections to refused names never open, so a pooled one is always to a checked address.
        agent: publicOnly
          ? secure
            ? publicHttpsAgent
            : publicHttpAgent
          : secure
            ? httpsAgent
            : httpAgent,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        signal,
      },
      (res) => {
        const statusCode = res.statusCode ?? 0;
        res.setEncoding('utf8');
        let text = '';
        const finish = () => {
          res.removeAllListeners('data');
          resolve({ statusCode, excerpt: truncate(text, RESPONSE_EXCERPT_CHARS) });
        };
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length >= RESPONSE_EXCERPT_CHARS) {
            // Enough read: the socket is not reused, the rest is not waited for.
            res.destroy();
            finish();
          }
        });
        res.on('end', finish);
        // An answer cut off (or aborted) after its status keeps its status: the merchant answered.
        res.on('error', finish);
        res.on('close', finish);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'AbortError') {
    const reason = (error as Error & { cause?: unknown }).cause;
    if (reason instanceof Error && reason.name === 'TimeoutError') {
      return `timeout: no answer within ${timeoutMs} ms`;
    }
    return 'aborted: the worker stopped';
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `timeout: no answer within ${timeoutMs} ms`;
  }
  const code =
    error && typeof error === 'object' && 'code' in error && typeof error.code === 'string'
      ? error.code
      : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return truncate(code && !message.includes(code) ? `${code}: ${message}` : message, ERROR_CHARS);
}

/**
 * Whose secrets sign a delivery: its endpoint's own, or the merchant-wide ones for a bare
 * delivery and for the primary endpoint (the profile's IPN URL, signed as it was before
 * endpoints existed).
 */
async function secretScopeOf(db: DbOrTx, endpointId: string | null): Promise<string | null> {
  if (endpointId === null) return null;
  const [endpoint] = await db
    .select({ primary: webhookEndpoints.primary })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, endpointId));
  return endpoint?.primary ? null : endpointId;
}

/**
 * One POST of an IPN to the merchant, signed now with the merchant's currently valid webhook
 * secrets. Never throws for the merchant's faults (refused connection, timeout, 5xx): they are
 * the result. Redirects are not followed (a 3xx is not an acknowledgement, and following one would
 * let an endpoint point our POST at another host).
 */
export async function postIpn(options: {
  db: DbOrTx;
  masterKey: Buffer;
  credentials?: CredentialCache | undefined;
  delivery: Pick<IpnDeliveryRow, 'merchantId' | 'mode' | 'url' | 'body' | 'eventId' | 'endpointId'>;
  timeoutMs: number;
  /**
   * Also post to loopback and private addresses (development, tests, a merchant endpoint on
   * the same private network). Off in production: see infra/public-address.ts.
   */
  allowPrivateNetworks?: boolean | undefined;
  signal?: AbortSignal;
  now?: () => Date;
  logger?: Logger | undefined;
}): Promise<IpnAttemptResult> {
  const clock = options.now ?? (() => new Date());
  const { delivery } = options;
  let secrets: Awaited<ReturnType<typeof getWebhookSecrets>>;
  try {
    secrets = await getWebhookSecrets({
      db: options.db,
      masterKey: options.masterKey,
      merchantId: delivery.merchantId,
      mode: delivery.mode,
      endpointId: await secretScopeOf(options.db, delivery.endpointId),
      now: clock(),
      credentials: options.credentials,
    });
  } catch (error) {
    // A secret that no longer decrypts (MASTER_KEY changed) must surface as a logged, counted
    // attempt, or the IPN would be retried silently forever. The merchant sees no internals.
    options.logger?.error(
      { err: error, merchantId: delivery.merchantId, eventId: delivery.eventId },
      'ipn could not be signed',
    );
    return {
      attemptedAt: clock(),
      ok: false,
      statusCode: null,
      latencyMs: 0,
      responseExcerpt: null,
      error: 'internal_error: the IPN could not be signed; it will be retried',
    };
  }
  const attemptedAt = clock();
  if (secrets.length === 0) {
    // Unsigned IPNs would teach merchants to skip verification; wait for a secret instead.
    return {
      attemptedAt,
      ok: false,
      statusCode: null,
      latencyMs: 0,
      responseExcerpt: null,
      error: `no_webhook_secret: issue a ${delivery.mode} webhook secret to receive IPNs`,
    };
  }
  const body = JSON.stringify(delivery.body);
  const signature = signIpn({
    body,
    secrets: secrets.map((s) => s.secret),
    timestamp: Math.floor(attemptedAt.getTime() / 1000),
  });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const started = performance.now();
  let statusCode: number | null = null;
  let latencyMs = 0;
  try {
    const answer = await post(
      new URL(delivery.url),
      {
        'content-type': 'application/json',
        'user-agent': IPN_USER_AGENT,
        [IPN_SIGNATURE_HEADER]: signature,
        [IPN_EVENT_ID_HEADER]: delivery.eventId,
      },
      body,
      signal,
      options.allowPrivateNetworks !== true,
    );
    statusCode = answer.statusCode;
    latencyMs = Math.round(performance.now() - started);
    const ok = statusCode >= 200 && statusCode < 300;
    return {
      attemptedAt,
      ok,
      statusCode,
      latencyMs,
      responseExcerpt: answer.excerpt,
      error: ok ? null : `http_${statusCode}`,
    };
  } catch (error) {
    return {
      attemptedAt,
      ok: false,
      statusCode,
      latencyMs: latencyMs || Math.round(performance.now() - started),
      responseExcerpt: null,
      error: describeError(error, options.timeoutMs),
    };
  }
}

/** Logs one attempt (scheduled or manual) in the transaction that records its outcome. */
export async function recordIpnAttempt(options: {
  tx: Tx;
  deliveryId: string;
  trigger: 'schedule' | 'manual';
  result: IpnAttemptResult;
}): Promise<number> {
  const { result } = options;
  const [inserted] = await options.tx.insert(ipnAttempts).values({
    deliveryId: options.deliveryId,
    attemptedAt: result.attemptedAt,
    trigger: options.trigger,
    statusCode: result.statusCode,
    latencyMs: result.latencyMs,
    responseExcerpt: result.responseExcerpt,
    error: result.error,
  });
  return inserted.insertId;
}

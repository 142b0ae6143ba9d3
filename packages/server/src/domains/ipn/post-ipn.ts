import type { DbOrTx, Tx } from '../../db/client.js';
import { ipnAttempts, type ipnDeliveries } from '../../db/schema/index.js';
import type { Logger } from '../../infra/logger.js';
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

/** The first characters of the answer; the rest is never read (an endpoint may stream forever). */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < RESPONSE_EXCERPT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return truncate(text, RESPONSE_EXCERPT_CHARS);
}

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `timeout: no answer within ${timeoutMs} ms`;
  }
  if (error instanceof Error && error.name === 'AbortError') return 'aborted: the worker stopped';
  // undici reports network failures as "fetch failed" with the socket error as the cause.
  const cause = error instanceof Error ? error.cause : undefined;
  const code =
    cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string'
      ? cause.code
      : undefined;
  const message = cause instanceof Error ? cause.message : String(error);
  return truncate(code && !message.includes(code) ? `${code}: ${message}` : message, ERROR_CHARS);
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
  delivery: Pick<IpnDeliveryRow, 'merchantId' | 'mode' | 'url' | 'body' | 'eventId'>;
  timeoutMs: number;
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
      now: clock(),
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
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': IPN_USER_AGENT,
        [IPN_SIGNATURE_HEADER]: signature,
        [IPN_EVENT_ID_HEADER]: delivery.eventId,
      },
      body,
      redirect: 'manual',
      signal,
    });
    statusCode = response.status;
    latencyMs = Math.round(performance.now() - started);
    // A body that stalls after a 2xx does not undo the acknowledgement: the status decides.
    const excerpt = await readExcerpt(response).catch(() => '');
    const ok = statusCode >= 200 && statusCode < 300;
    return {
      attemptedAt,
      ok,
      statusCode,
      latencyMs,
      responseExcerpt: excerpt,
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

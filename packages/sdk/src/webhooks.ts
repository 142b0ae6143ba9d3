import { concatBytes, hmacSha256, toHex, utf8 } from './crypto.js';
import { DucatError } from './errors.js';
import {
  anySignatureMatches,
  checkTimestamp,
  DEFAULT_TOLERANCE_SECONDS,
  refuse,
  secretList,
} from './signatures.js';
import type { DucatEvent } from './types.js';

/**
 * The header an IPN's signatures come in (`Ducat-Signature`; HTTP headers are case-insensitive).
 *
 * @example
 * const header = request.headers.get(SIGNATURE_HEADER);
 */
export const SIGNATURE_HEADER = 'Ducat-Signature';

export type VerifyOptions = {
  /** Seconds a timestamp may be from your clock, either way. Default 300. */
  tolerance?: number;
  /** Your clock (tests). */
  now?: Date | number;
};

/** The raw body as received: text, or bytes (a Node Buffer is a Uint8Array). */
export type RawBody = string | Uint8Array | ArrayBuffer;

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || (timestamp !== undefined && timestamp !== Number(value))) {
        throw refuse('signature_malformed', 'The signature header has a bad or conflicting t=.');
      }
      timestamp = Number(value);
    } else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) {
      signatures.push(value.toLowerCase());
    }
    // Other schemes (a future v2) are ignored, so this SDK keeps working while one is added.
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw refuse('signature_malformed', 'The signature header needs t=<seconds> and a v1=<hex>.');
  }
  return { timestamp, signatures };
}

function bytesOf(body: RawBody): Uint8Array {
  if (typeof body === 'string') return utf8(body);
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseEvent(bytes: Uint8Array): DucatEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw refuse('payload_invalid', 'The IPN body is not JSON.');
  }
  if (
    !isObject(parsed) ||
    typeof parsed.id !== 'string' ||
    typeof parsed.type !== 'string' ||
    typeof parsed.created !== 'number' ||
    typeof parsed.livemode !== 'boolean' ||
    typeof parsed.seq !== 'number' ||
    !isObject(parsed.data) ||
    !(isObject(parsed.data.order) || isObject(parsed.data.payout))
  ) {
    throw refuse('payload_invalid', 'The IPN body is not a Ducat event.');
  }
  return parsed as DucatEvent;
}

/**
 * Verifies an IPN and returns its event. Checks, in order: the header is present and well
 * formed, its timestamp is within `tolerance` of your clock (refusing stale AND future ones), and
 * one of its `v1` signatures is the HMAC-SHA256 of `<t>.<raw body>` under one of `secrets` (pass
 * the old and the new secret during a rotation), compared in constant time. Throws
 * `SignatureVerificationError` otherwise. Pass the raw body exactly as received, before any
 * JSON parsing. Delivery is at least once: deduplicate on `event.id`.
 *
 * @example
 * // Express: app.post('/ducat/ipn', express.raw({ type: 'application/json' }), handler)
 * const event = await webhooks.verify(req.body, req.headers['ducat-signature'], secret);
 * if (event.type === 'order.checkout_success') await markPaid(event.data.order.reference);
 */
export async function verify(
  rawBody: RawBody,
  signatureHeader: string | readonly string[] | null | undefined,
  secrets: string | readonly string[],
  options: VerifyOptions = {},
): Promise<DucatEvent> {
  return parseEvent(await verifySignedBytes(rawBody, signatureHeader, secrets, options));
}

/**
 * The signature check shared by IPNs and signed documents (reports): the header's timestamp is
 * within tolerance and one `v1` is the HMAC of `<t>.<raw body>` under one of the secrets.
 * Returns the body's bytes.
 *
 * @example
 * const bytes = await verifySignedBytes(csvText, response.headers.get('ducat-signature'), secret);
 */
export async function verifySignedBytes(
  rawBody: RawBody,
  signatureHeader: string | readonly string[] | null | undefined,
  secrets: string | readonly string[],
  options: VerifyOptions = {},
): Promise<Uint8Array> {
  const keys = secretList(secrets);
  const header = typeof signatureHeader === 'string' ? signatureHeader : signatureHeader?.join(',');
  if (!header?.trim()) throw refuse('signature_missing', `No ${SIGNATURE_HEADER} header.`);
  const { timestamp, signatures } = parseHeader(header);
  checkTimestamp(timestamp, options);
  const body = bytesOf(rawBody);
  const signed = concatBytes(utf8(`${timestamp}.`), body);
  if (!(await anySignatureMatches(signed, signatures, keys))) {
    throw refuse('signature_mismatch', 'No signature matches the body under the given secret(s).');
  }
  return body;
}

/**
 * `verify` for a standard `Request` (Next.js route handlers, edge runtimes, Bun, Deno): reads
 * the raw bytes itself, so no framework body parser can alter what was signed.
 *
 * @example
 * // app/api/ducat/ipn/route.ts
 * export async function POST(request: Request) {
 *   const event = await webhooks.verifyRequest(request, process.env.DUCAT_WEBHOOK_SECRET ?? '');
 *   await handle(event);
 *   return new Response('ok');
 * }
 */
export async function verifyRequest(
  request: Request,
  secrets: string | readonly string[],
  options: VerifyOptions = {},
): Promise<DucatEvent> {
  if (request.bodyUsed) {
    throw new DucatError({
      code: 'body_already_read',
      message: 'The request body was already read; pass the untouched Request (or use verify).',
    });
  }
  const raw = new Uint8Array(await request.arrayBuffer());
  return verify(raw, request.headers.get(SIGNATURE_HEADER), secrets, options);
}

/**
 * A valid `Ducat-Signature` header for a payload, for your tests (one `v1` per secret).
 *
 * @example
 * const payload = JSON.stringify({ id: 'evt_test', type: 'order.checkout_success', created: 0,
 *   livemode: false, seq: 1, data: { order } });
 * const header = await webhooks.generateTestHeader({ payload, secret: 'dwhsec_test_…' });
 * await fetch('http://localhost:3002/api/ducat/ipn', { method: 'POST', body: payload,
 *   headers: { 'content-type': 'application/json', 'ducat-signature': header } });
 */
export async function generateTestHeader(options: {
  /** The exact body you will send (an object is JSON.stringify-ed). */
  payload: RawBody | Record<string, unknown>;
  secret: string | readonly string[];
  /** Unix seconds; default now. */
  timestamp?: number;
}): Promise<string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const payload = options.payload;
  const body =
    typeof payload === 'string' || payload instanceof Uint8Array || payload instanceof ArrayBuffer
      ? bytesOf(payload)
      : utf8(JSON.stringify(payload));
  const signed = concatBytes(utf8(`${timestamp}.`), body);
  const parts = [`t=${timestamp}`];
  for (const secret of secretList(options.secret)) {
    parts.push(`v1=${toHex(await hmacSha256(secret, signed))}`);
  }
  return parts.join(',');
}

/**
 * IPN verification. Every function is also on a client as `ducat.webhooks`.
 *
 * @example
 * import { webhooks } from '@ducat/sdk';
 * const event = await webhooks.verifyRequest(request, [newSecret, oldSecret]);
 */
export const webhooks = {
  verify,
  verifyRequest,
  generateTestHeader,
  SIGNATURE_HEADER,
  DEFAULT_TOLERANCE_SECONDS,
} as const;

import { createHmac } from 'node:crypto';
import { safeEqual } from '../../infra/secrets.js';

/** The header that carries an IPN's signatures. */
export const IPN_SIGNATURE_HEADER = 'Ducat-Signature';

/** Merchants should refuse an IPN whose timestamp is further than this from their clock. */
export const IPN_DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * The `Ducat-Signature` value for one body: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, one `v1`
 * per secret (newest first). Made at send time, so a retry after a rotation is signed with the
 * secrets valid then, and the timestamp is fresh (receivers check it against a tolerance).
 *
 * @example
 * signIpn({ body: '{"id":"evt_…"}', secrets: [newSecret, oldSecret], timestamp: 1_700_000_000 })
 * // 't=1700000000,v1=5f0c…,v1=a91e…'
 */
export function signIpn(options: {
  body: string;
  secrets: readonly string[];
  timestamp: number;
}): string {
  const parts = [`t=${options.timestamp}`];
  for (const secret of options.secrets) {
    parts.push(`v1=${hmacHex(secret, options.timestamp, options.body)}`);
  }
  return parts.join(',');
}

export type IpnSignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed' | 'timestamp_out_of_tolerance' | 'no_matching_signature' };

/**
 * Checks an IPN as a merchant must: the header parses, its timestamp is within `toleranceSeconds`
 * of `now` (an old capture replayed later is refused), and some `v1` equals the HMAC under some
 * secret (the merchant may hold the old or the new one during a rotation). Comparisons are
 * constant-time. The SDK ships its own copy; this one is the reference the tests use.
 *
 * @example
 * const check = verifyIpnSignature({ header: req.headers['ducat-signature'], body: rawBody,
 *   secrets: [webhookSecret] }); // the secret from your own configuration
 * if (!check.ok) return res.status(400).end();
 */
export function verifyIpnSignature(options: {
  header: string | undefined;
  body: string;
  secrets: readonly string[];
  toleranceSeconds?: number;
  now?: Date;
}): IpnSignatureCheck {
  const header = options.header ?? '';
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Unknown schemes (a future v2) are ignored, so receivers keep working while we add one.
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const tolerance = options.toleranceSeconds ?? IPN_DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    return { ok: false, reason: 'timestamp_out_of_tolerance' };
  }
  let matched = false;
  // Every pair is compared (no early exit), so timing does not tell which secret matched.
  for (const secret of options.secrets) {
    const expected = hmacHex(secret, timestamp, options.body);
    for (const signature of signatures) {
      if (safeEqual(expected, signature)) matched = true;
    }
  }
  return matched ? { ok: true, timestamp } : { ok: false, reason: 'no_matching_signature' };
}

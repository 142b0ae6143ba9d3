import { fromHex, hmacSha256Verify, utf8 } from './crypto.js';
import { DucatError, SignatureVerificationError } from './errors.js';

/**
 * How far (seconds, either way) a signed timestamp may be from the receiver's clock by default.
 *
 * @example
 * await webhooks.verify(body, header, secret, { tolerance: DEFAULT_TOLERANCE_SECONDS * 2 });
 */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function refuse(code: string, message: string): SignatureVerificationError {
  return new SignatureVerificationError({ code, message });
}

export function secretList(secrets: string | readonly string[]): string[] {
  const list = (typeof secrets === 'string' ? [secrets] : [...secrets]).filter(
    (s) => typeof s === 'string' && s.length > 0,
  );
  if (list.length === 0) {
    // The caller's configuration is wrong, not the message: a distinct error, loud in logs.
    throw new DucatError({
      code: 'secret_missing',
      message: 'No webhook secret given: pass your dwhsec_… secret (or several during a rotation).',
    });
  }
  return list;
}

/** Refuses a timestamp that is too old (a replayed capture) or too far ahead (a forged clock). */
export function checkTimestamp(
  timestamp: number,
  options: { tolerance?: number | undefined; now?: Date | number | undefined },
): void {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE_SECONDS;
  const nowMs = options.now === undefined ? Date.now() : new Date(options.now).getTime();
  const age = Math.floor(nowMs / 1000) - timestamp;
  if (age > tolerance) {
    throw refuse(
      'timestamp_out_of_tolerance',
      `The signature is ${age} s old (tolerance ${tolerance} s).`,
    );
  }
  if (-age > tolerance) {
    throw refuse(
      'timestamp_out_of_tolerance',
      `The signature is dated ${-age} s in the future (tolerance ${tolerance} s); check the clock.`,
    );
  }
}

/**
 * Whether any of `signatures` (hex) is the HMAC-SHA256 of `data` under any of `secrets`. Every
 * pair is checked, each in constant time, so the timing tells nothing about which one matched.
 */
export async function anySignatureMatches(
  data: Uint8Array<ArrayBuffer>,
  signatures: readonly string[],
  secrets: readonly string[],
): Promise<boolean> {
  const checks: Promise<boolean>[] = [];
  for (const signature of signatures) {
    const bytes = fromHex(signature);
    if (!bytes) continue;
    for (const secret of secrets) checks.push(hmacSha256Verify(secret, data, bytes));
  }
  return (await Promise.all(checks)).some(Boolean);
}

export { utf8 };

import type { Mode } from '../../db/schema/index.js';
import type { RedisClient } from '../../infra/redis.js';

/**
 * What `ducat logs tail` shows a merchant: its API requests and its IPN attempts, live. A capped
 * Redis stream per merchant and mode: the tail is a debugging aid, not a record (the audit log
 * and the IPN attempts table are), so it keeps only the last entries and lapses when unused.
 */

/** Entries kept per merchant and mode (trimmed approximately, which is O(1) per append). */
export const MERCHANT_LOG_MAX_ENTRIES = 1_000;
/** A stream nobody appended to for this long is dropped. */
const MERCHANT_LOG_TTL_MS = 24 * 3_600_000;

export type MerchantLogScope = { merchantId: string; mode: Mode };

/**
 * One line of the tail. Nothing in it may be a secret: no query strings (a tRPC GET carries its
 * input there), no headers, no bodies, no URL credentials.
 */
export type MerchantLogEntry =
  | {
      kind: 'request';
      time: string;
      method: string;
      path: string;
      status: number;
      durationMs: number;
      requestId: string;
    }
  | {
      kind: 'ipn_attempt';
      time: string;
      eventId: string;
      deliveryId: string;
      endpointId: string | null;
      type: string;
      /** Origin and path of the endpoint only. */
      url: string;
      /** `schedule`: the delivery worker; `manual`: a resend; `listen`: a `ducat listen` forward. */
      trigger: 'schedule' | 'manual' | 'listen';
      statusCode: number | null;
      latencyMs: number;
      error: string | null;
    };

/** An entry with its stream id (`<ms>-<n>`), which is also the tail's cursor. */
export type MerchantLogRecord = MerchantLogEntry & { id: string };

function keyOf(scope: MerchantLogScope): string {
  return `merchant-log:${scope.merchantId}:${scope.mode}`;
}

/** An endpoint URL as the tail may show it: no user, password, query or fragment. */
export function loggableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export async function appendMerchantLog(options: {
  redis: RedisClient;
  scope: MerchantLogScope;
  entry: MerchantLogEntry;
}): Promise<void> {
  const key = keyOf(options.scope);
  await options.redis
    .multi()
    .xadd(key, 'MAXLEN', '~', MERCHANT_LOG_MAX_ENTRIES, '*', 'e', JSON.stringify(options.entry))
    .pexpire(key, MERCHANT_LOG_TTL_MS)
    .exec();
}

/** The id of the newest entry (`0-0` when there is none): a tail that starts now starts there. */
export async function latestMerchantLogId(options: {
  redis: RedisClient;
  scope: MerchantLogScope;
}): Promise<string> {
  const [newest] = await options.redis.xrevrange(keyOf(options.scope), '+', '-', 'COUNT', 1);
  return newest?.[0] ?? '0-0';
}

/**
 * Entries after `after` (exclusive), oldest first, at most `limit`. Reads, never blocks: a
 * blocking XREAD would hold the shared connection every other command of the process uses.
 */
export async function readMerchantLog(options: {
  redis: RedisClient;
  scope: MerchantLogScope;
  after: string;
  limit: number;
}): Promise<MerchantLogRecord[]> {
  const rows = await options.redis.xrange(
    keyOf(options.scope),
    `(${options.after}`,
    '+',
    'COUNT',
    options.limit,
  );
  const records: MerchantLogRecord[] = [];
  for (const [id, fields] of rows) {
    const at = fields.indexOf('e');
    const json = at >= 0 ? fields[at + 1] : undefined;
    if (json === undefined) continue;
    records.push({ ...(JSON.parse(json) as MerchantLogEntry), id });
  }
  return records;
}

import { and, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outboxEvents } from '../db/schema/index.js';
import { purgeExpiredIdempotencyKeys } from '../infra/idempotency.js';

/** Published outbox rows are kept this long for inspection and replay, then removed. */
export const OUTBOX_RETENTION_DAYS = 7;

/**
 * Removes idempotency keys past their retention and old published outbox rows, in bounded
 * batches so a large backlog never holds long locks.
 */
export async function purgeExpired(options: { db: Db }): Promise<{ keys: number; events: number }> {
  const keys = await purgeExpiredIdempotencyKeys({ db: options.db });
  const result = await options.db
    .delete(outboxEvents)
    .where(
      and(
        isNotNull(outboxEvents.publishedAt),
        lt(
          outboxEvents.publishedAt,
          sql`CURRENT_TIMESTAMP(3) - INTERVAL ${OUTBOX_RETENTION_DAYS} DAY`,
        ),
      ),
    )
    .limit(5_000);
  const header = Array.isArray(result) ? result[0] : result;
  return { keys, events: Number((header as { affectedRows?: number }).affectedRows ?? 0) };
}

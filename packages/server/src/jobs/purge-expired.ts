import { and, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { affectedRows } from '../db/errors.js';
import { outboxEvents } from '../db/schema/index.js';
import { purgeExpiredIdempotencyKeys } from '../infra/idempotency.js';

/** Published outbox rows are kept this long for inspection and replay, then removed. */
export const OUTBOX_RETENTION_DAYS = 7;

const CHUNK = 5_000;
/** One run stops after this long; the next run continues (the job runs every few minutes). */
const TIME_BUDGET_MS = 20_000;

/**
 * Removes idempotency keys past their retention and old published outbox rows, in chunks of 5,000
 * rows (short transactions, short locks), until done or out of its time budget.
 */
export async function purgeExpired(options: { db: Db }): Promise<{ keys: number; events: number }> {
  const deadline = Date.now() + TIME_BUDGET_MS;
  let keys = 0;
  let events = 0;
  for (;;) {
    const k = await purgeExpiredIdempotencyKeys({ db: options.db, limit: CHUNK });
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
      .limit(CHUNK);
    const e = affectedRows(result);
    keys += k;
    events += e;
    if ((k < CHUNK && e < CHUNK) || Date.now() > deadline) return { keys, events };
  }
}

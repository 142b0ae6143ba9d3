import { and, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { affectedRows } from '../db/errors.js';
import { events as merchantEvents, outboxEvents } from '../db/schema/index.js';
import { purgeExpiredIdempotencyKeys } from '../infra/idempotency.js';

/** Published outbox rows are kept this long for inspection and replay, then removed. */
export const OUTBOX_RETENTION_DAYS = 7;

/**
 * Merchant events (the events API) are kept this long: the promise is at least 30 days. Their
 * deliveries keep their own copy of the body, so the merchant area's IPN log outlives them.
 */
export const EVENT_RETENTION_DAYS = 30;

const CHUNK = 5_000;
/** One run stops after this long; the next run continues (the job runs every few minutes). */
const TIME_BUDGET_MS = 20_000;

/**
 * Removes idempotency keys past their retention, old published outbox rows and merchant events
 * past theirs, in chunks of 5,000 rows (short transactions, short locks), until done or out of
 * its time budget.
 */
export async function purgeExpired(options: {
  db: Db;
}): Promise<{ keys: number; events: number; merchantEvents: number }> {
  const deadline = Date.now() + TIME_BUDGET_MS;
  let keys = 0;
  let events = 0;
  let merchant = 0;
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
    const old = await options.db
      .delete(merchantEvents)
      .where(
        lt(
          merchantEvents.createdAt,
          sql`CURRENT_TIMESTAMP(3) - INTERVAL ${EVENT_RETENTION_DAYS} DAY`,
        ),
      )
      .limit(CHUNK);
    const m = affectedRows(old);
    keys += k;
    events += e;
    merchant += m;
    if ((k < CHUNK && e < CHUNK && m < CHUNK) || Date.now() > deadline) {
      return { keys, events, merchantEvents: merchant };
    }
  }
}

import { and, asc, gt, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { outboxEvents, processedEvents, statsDaily, statsShoppers } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { DucatEvent } from '../../events/catalogue.js';
import { OUTBOX_RETENTION_DAYS } from '../../jobs/purge-expired.js';
import { applyStatsEvents, STATS_CONSUMER, STATS_EVENT_TYPES } from './update-stats.js';

const CHUNK = 2_000;

/**
 * Recomputes the warehouse from day `from` (UTC, inclusive) on, from the event history: the
 * outbox, which keeps `OUTBOX_RETENTION_DAYS` (7) days of events, so `from` may be at most that
 * far back (older days are kept as they are). In one transaction: the rows of those days and the
 * first-success rows from then on are deleted, the events replayed in commit order through the
 * consumer's own fold, and each replayed event marked processed for the consumer, so the live
 * consumer (which waits on the same rows meanwhile) never counts one of them twice.
 */
export async function rebuildStats(options: {
  db: Db;
  from: string;
  now?: Date;
}): Promise<{ events: number; rows: number }> {
  const start = new Date(`${options.from}T00:00:00.000Z`);
  const now = options.now ?? new Date();
  const oldest = new Date(now.getTime() - OUTBOX_RETENTION_DAYS * 86_400_000);
  if (Number.isNaN(start.getTime()) || start < oldest) {
    throw new AppError('validation_failed', {
      message: `from must be a UTC day within the outbox's ${OUTBOX_RETENTION_DAYS} days of events.`,
      field: 'from',
    });
  }
  return options.db.transaction(async (tx) => {
    // Deletes first: they lock the rows (and the gaps) before the replay reads its snapshot.
    await tx.delete(statsDaily).where(gte(statsDaily.day, options.from));
    await tx.delete(statsShoppers).where(gte(statsShoppers.firstAt, start));
    let after = 0;
    let events = 0;
    for (;;) {
      const rows = await tx
        .select()
        .from(outboxEvents)
        .where(
          and(
            gt(outboxEvents.seq, after),
            gte(outboxEvents.occurredAt, start),
            inArray(outboxEvents.type, [...STATS_EVENT_TYPES]),
          ),
        )
        .orderBy(asc(outboxEvents.seq))
        .limit(CHUNK);
      if (rows.length === 0) break;
      const batch: DucatEvent[] = rows.map((r) => ({
        id: r.eventId,
        type: r.type,
        version: r.version,
        aggregateType: r.aggregateType,
        aggregateId: r.aggregateId,
        occurredAt: r.occurredAt.toISOString(),
        payload: r.payload,
      }));
      await applyStatsEvents({ tx, events: batch });
      await tx
        .insert(processedEvents)
        .ignore()
        .values(batch.map((e) => ({ consumer: STATS_CONSUMER, eventId: e.id })));
      events += batch.length;
      after = rows[rows.length - 1]?.seq ?? after;
    }
    const [count] = (await tx.execute(
      sql`SELECT COUNT(*) AS n FROM stats_daily WHERE day >= ${options.from}`,
    )) as unknown as [{ n: number | string }[]];
    return { events, rows: Number(count[0]?.n ?? 0) };
  });
}

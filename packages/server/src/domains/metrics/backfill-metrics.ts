import { and, between, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Metric, metricsDaily } from '../../db/schema/index.js';
import { FAILED_STATUSES, type MetricDelta } from './update-metrics.js';

type Row = {
  day: string | Date;
  currency: string;
  mode: string;
  n: number | string;
  v: number | string;
};

const SUCCEEDED = ['checkout_success', 'refunded', 'partially_refunded'];

function dayOf(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/**
 * The dashboard counters of days `from`..`to` (inclusive, UTC `YYYY-MM-DD`) computed from the
 * records themselves: orders live and archived (a payment counts on the day it became final:
 * succeeded if it is paid or was refunded since, failed if declined or rejected by risk),
 * merchants and shoppers by creation day. What the event consumer should have counted.
 */
export async function computeDailyMetrics(options: {
  db: DbOrTx;
  from: string;
  to: string;
}): Promise<MetricDelta[]> {
  const start = `${options.from} 00:00:00`;
  const end = `${options.to} 23:59:59.999`;
  const orderRows = async (statuses: readonly string[]) => {
    const list = sql.join(
      statuses.map((s) => sql`${s}`),
      sql`, `,
    );
    const [rows] = (await options.db.execute(sql`
      SELECT d AS day, currency, mode, COUNT(*) AS n, SUM(amount) AS v FROM (
        SELECT DATE(final_at) AS d, currency, mode, amount FROM orders
         WHERE status IN (${list}) AND final_at BETWEEN ${start} AND ${end}
        UNION ALL
        SELECT DATE(final_at) AS d, currency, mode, amount FROM order_history
         WHERE status IN (${list}) AND final_at BETWEEN ${start} AND ${end}
      ) o GROUP BY d, currency, mode`)) as unknown as [Row[]];
    return rows;
  };
  const created = async (table: 'merchants' | 'users') => {
    const [rows] = (await options.db.execute(
      sql`SELECT DATE(created_at) AS day, '' AS currency, '' AS mode, COUNT(*) AS n, 0 AS v
            FROM ${sql.raw(table)} WHERE created_at BETWEEN ${start} AND ${end}
           GROUP BY DATE(created_at)`,
    )) as unknown as [Row[]];
    return rows;
  };
  const [succeeded, failed, merchants, shoppers] = await Promise.all([
    orderRows(SUCCEEDED),
    orderRows(FAILED_STATUSES),
    created('merchants'),
    created('users'),
  ]);
  const out: MetricDelta[] = [];
  const push = (rows: Row[], metric: Metric, value: (r: Row) => number) => {
    for (const r of rows) {
      out.push({ day: dayOf(r.day), metric, currency: r.currency, mode: r.mode, value: value(r) });
    }
  };
  push(succeeded, 'succeeded', (r) => Number(r.n));
  push(succeeded, 'volume', (r) => Number(r.v));
  push(failed, 'failed', (r) => Number(r.n));
  push(merchants, 'new_merchants', (r) => Number(r.n));
  push(shoppers, 'new_shoppers', (r) => Number(r.n));
  return out.filter((d) => d.value !== 0);
}

/**
 * Rebuilds the counters of days `from`..`to` from the records (for data that existed before the
 * consumer, or after a fault): the rows of those days are replaced in one transaction. Meant for
 * closed days (before today, UTC): events of a day still open keep arriving and are counted by
 * the consumer, which would count again what the rebuild already took from the records.
 */
export async function backfillMetricsDaily(options: {
  db: Db;
  from: string;
  to: string;
}): Promise<{ rows: number }> {
  const computed = await computeDailyMetrics(options);
  await options.db.transaction(async (tx) => {
    await tx
      .delete(metricsDaily)
      .where(
        and(
          between(metricsDaily.day, options.from, options.to),
          inArray(metricsDaily.metric, [
            'volume',
            'succeeded',
            'failed',
            'new_merchants',
            'new_shoppers',
          ]),
        ),
      );
    if (computed.length > 0) await tx.insert(metricsDaily).values(computed);
  });
  return { rows: computed.length };
}

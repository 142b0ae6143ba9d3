import { and, between, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Mode, metricsDaily } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';

export type DailyMetrics = {
  day: string;
  /** Minor units of `currency` paid successfully that day. */
  volume: number;
  succeeded: number;
  failed: number;
  /** succeeded / (succeeded + failed); null on a day without either. */
  successRate: number | null;
  newMerchants: number;
  newShoppers: number;
};

const DAY_MS = 86_400_000;

/**
 * One row per day of `from`..`to` (inclusive, UTC days; days without activity are zeros) from
 * the warehouse table the event consumer keeps: a few hundred rows per page view.
 */
export async function getDailyMetrics(options: {
  db: DbOrTx;
  from: string;
  to: string;
  currency: string;
  mode: Mode;
}): Promise<DailyMetrics[]> {
  const start = Date.parse(`${options.from}T00:00:00Z`);
  const end = Date.parse(`${options.to}T00:00:00Z`);
  if (!(start <= end) || end - start > 366 * DAY_MS) {
    throw new AppError('validation_failed', {
      message: 'from must not be after to, and the range at most 366 days.',
      field: 'from',
    });
  }
  const rows = await options.db
    .select()
    .from(metricsDaily)
    .where(
      and(
        between(metricsDaily.day, options.from, options.to),
        or(
          and(
            inArray(metricsDaily.metric, ['volume', 'succeeded', 'failed']),
            eq(metricsDaily.currency, options.currency),
            eq(metricsDaily.mode, options.mode),
          ),
          inArray(metricsDaily.metric, ['new_merchants', 'new_shoppers']),
        ),
      ),
    );
  const days = new Map<string, DailyMetrics>();
  for (let t = start; t <= end; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.set(day, {
      day,
      volume: 0,
      succeeded: 0,
      failed: 0,
      successRate: null,
      newMerchants: 0,
      newShoppers: 0,
    });
  }
  const field = {
    volume: 'volume',
    succeeded: 'succeeded',
    failed: 'failed',
    new_merchants: 'newMerchants',
    new_shoppers: 'newShoppers',
  } as const;
  for (const r of rows) {
    const entry = days.get(String(r.day).slice(0, 10));
    const key = field[r.metric as keyof typeof field];
    if (entry && key) entry[key] += Number(r.value);
  }
  for (const d of days.values()) {
    const decided = d.succeeded + d.failed;
    d.successRate = decided === 0 ? null : d.succeeded / decided;
  }
  return [...days.values()];
}

import { and, between, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { statsDaily } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { STAT_FIELDS, type StatFigures, zeroFigures } from './update-stats.js';

export type DailyStats = StatFigures & {
  day: string;
  /** ordersSucceeded / checkoutsOpened; null on a day without checkouts. */
  conversion: number | null;
};

const DAY_MS = 86_400_000;

/**
 * A merchant's figures per UTC day of `from`..`to` (inclusive, at most 366 days; days without
 * activity are zeros) in one mode and currency, from the warehouse table: all orders, or only
 * one campaign's (`campaignId`).
 */
export async function getDailyStats(options: {
  db: DbOrTx;
  merchantId: string;
  mode: string;
  currency: string;
  from: string;
  to: string;
  campaignId?: string | undefined;
}): Promise<DailyStats[]> {
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
    .from(statsDaily)
    .where(
      and(
        eq(statsDaily.merchantId, options.merchantId),
        eq(statsDaily.mode, options.mode),
        eq(statsDaily.currency, options.currency),
        between(statsDaily.day, options.from, options.to),
        eq(statsDaily.campaignId, options.campaignId ?? ''),
      ),
    );
  const byDay = new Map(rows.map((r) => [String(r.day).slice(0, 10), r]));
  const out: DailyStats[] = [];
  for (let t = start; t <= end; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const row = byDay.get(day);
    const figures = zeroFigures();
    if (row) for (const f of STAT_FIELDS) figures[f] = Number(row[f]);
    out.push({
      day,
      ...figures,
      conversion:
        figures.checkoutsOpened === 0 ? null : figures.ordersSucceeded / figures.checkoutsOpened,
    });
  }
  return out;
}

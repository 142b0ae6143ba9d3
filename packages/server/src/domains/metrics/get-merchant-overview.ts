import { and, between, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Mode, orderHistory, orders } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { chooseView } from './get-dashboard.js';

const DAY_MS = 86_400_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
const PAID = ['checkout_success', 'partially_refunded', 'refunded'] as const;
const FAILED = ['error_checkout', 'reject_risk_service'] as const;

export type MerchantDay = {
  day: string;
  /** Minor units captured on the day's paid orders (before refunds and fees). */
  volume: number;
  succeeded: number;
  failed: number;
};

export type MerchantOverview = {
  mode: Mode;
  currency: string;
  currencies: string[];
  hasPayments: Record<Mode, boolean>;
  from: string;
  to: string;
  current: MerchantDay[];
  previous: MerchantDay[];
  previousFrom: string;
  previousTo: string;
};

/** Paid and failed orders per mode, currency and UTC day of creation, from one order table. */
function perDay(
  db: DbOrTx,
  table: typeof orders | typeof orderHistory,
  merchantId: string,
  start: Date,
  end: Date,
) {
  return (
    db
      .select({
        mode: table.mode,
        currency: table.currency,
        day: sql<string>`DATE_FORMAT(${table.createdAt}, '%Y-%m-%d')`,
        succeeded: sql<string>`SUM(CASE WHEN ${inArray(table.status, [...PAID])} THEN 1 ELSE 0 END)`,
        failed: sql<string>`SUM(CASE WHEN ${inArray(table.status, [...FAILED])} THEN 1 ELSE 0 END)`,
        volume: sql<string>`SUM(CASE WHEN ${inArray(table.status, [...PAID])} THEN ${table.capturedAmount} ELSE 0 END)`,
      })
      .from(table)
      // (merchant_id, mode, created_at) is the merchant's list index: a range scan of the periods.
      .where(
        and(
          eq(table.merchantId, merchantId),
          inArray(table.mode, ['test', 'live']),
          between(table.createdAt, start, end),
        ),
      )
      .groupBy(sql`1`, sql`2`, sql`3`)
  );
}

/**
 * The merchant area's overview: paid and failed orders and captured volume per UTC day of the
 * period, beside the previous period of the same length, in the mode and currency that have
 * payments (unless asked for one; see `chooseView`). Live and archived orders alike, grouped in
 * the database: two index range scans whatever the number of orders.
 */
export async function getMerchantOverview(options: {
  db: DbOrTx;
  merchantId: string;
  from: string;
  to: string;
  mode?: Mode | undefined;
  currency?: string | undefined;
  enabledCurrencies: string[] | null;
}): Promise<MerchantOverview> {
  const start = Date.parse(`${options.from}T00:00:00Z`);
  const end = Date.parse(`${options.to}T00:00:00Z`);
  if (!(start <= end) || end - start > 366 * DAY_MS) {
    throw new AppError('validation_failed', {
      message: 'from must not be after to, and the range at most 366 days.',
      field: 'from',
    });
  }
  const span = end - start;
  const previousStart = start - DAY_MS - span;
  const rangeEnd = new Date(end + DAY_MS - 1);
  const rows = (
    await Promise.all([
      perDay(options.db, orders, options.merchantId, new Date(previousStart), rangeEnd),
      perDay(options.db, orderHistory, options.merchantId, new Date(previousStart), rangeEnd),
    ])
  ).flat();
  const inPeriod = rows.filter((r) => r.day >= options.from && r.day <= options.to);
  const totals = new Map<string, { mode: Mode; currency: string; payments: number }>();
  for (const r of inPeriod) {
    const key = `${r.mode}:${r.currency}`;
    const t = totals.get(key) ?? { mode: r.mode, currency: r.currency, payments: 0 };
    t.payments += Number(r.succeeded) + Number(r.failed);
    totals.set(key, t);
  }
  const view = chooseView({
    payments: [...totals.values()],
    mode: options.mode,
    currency: options.currency,
    enabledCurrencies: options.enabledCurrencies,
  });
  const days = (from: number, to: number) => {
    const out = new Map<string, MerchantDay>();
    for (let t = from; t <= to; t += DAY_MS) {
      const day = dayOf(t);
      out.set(day, { day, volume: 0, succeeded: 0, failed: 0 });
    }
    return out;
  };
  const current = days(start, end);
  const previous = days(previousStart, start - DAY_MS);
  for (const r of rows) {
    if (r.mode !== view.mode || r.currency !== view.currency) continue;
    const d = current.get(r.day) ?? previous.get(r.day);
    if (!d) continue;
    d.volume += Number(r.volume);
    d.succeeded += Number(r.succeeded);
    d.failed += Number(r.failed);
  }
  return {
    ...view,
    from: options.from,
    to: options.to,
    current: [...current.values()],
    previous: [...previous.values()],
    previousFrom: dayOf(previousStart),
    previousTo: dayOf(start - DAY_MS),
  };
}

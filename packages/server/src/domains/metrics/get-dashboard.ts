import { ISO_CURRENCIES } from '@ducat/currencies';
import { and, between, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Mode, metricsDaily } from '../../db/schema/index.js';
import { type DailyMetrics, getDailyMetrics } from './get-daily-metrics.js';

const DAY_MS = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export type Dashboard = {
  /** The mode shown: the one asked for, else live when live has payments in the period, else test when it has, else live. */
  mode: Mode;
  /** The currency shown: the one asked for, else the mode's busiest (most payments) in the period, else the first offered. */
  currency: string;
  /** What the currency select offers: the enabled list, or (all enabled) the currencies with data, then EUR, USD, GBP. */
  currencies: string[];
  /** Whether each mode had any payment (of any currency) in the period: the empty states say what to do next. */
  hasPayments: Record<Mode, boolean>;
  from: string;
  to: string;
  current: DailyMetrics[];
  /** The same number of days just before `from`, day by day (previous[i] is current[i] shifted back). */
  previous: DailyMetrics[];
  previousFrom: string;
  previousTo: string;
};

/**
 * Which mode and currency a dashboard opens on, and the currencies it offers, from the number of
 * payments per mode and currency in the period: the asked-for mode, else live when it has
 * payments, else test when it has, else live; the asked-for currency, else the mode's busiest,
 * else the first offered. Offered: the enabled list, or (every currency enabled) the ones with
 * data, then EUR, USD, GBP. Shared by the platform's and the merchant's dashboards.
 */
export function chooseView(options: {
  payments: { mode: Mode; currency: string; payments: number }[];
  mode?: Mode | undefined;
  currency?: string | undefined;
  enabledCurrencies: string[] | null;
}): { mode: Mode; currency: string; currencies: string[]; hasPayments: Record<Mode, boolean> } {
  const { payments } = options;
  const hasPayments: Record<Mode, boolean> = {
    live: payments.some((v) => v.mode === 'live' && v.payments > 0),
    test: payments.some((v) => v.mode === 'test' && v.payments > 0),
  };
  const mode: Mode =
    options.mode ?? (hasPayments.live ? 'live' : hasPayments.test ? 'test' : 'live');
  const withData = payments
    .filter((v) => v.mode === mode && v.payments > 0)
    // Busiest by payments made (volumes of different currencies do not compare).
    .sort((a, b) => b.payments - a.payments || a.currency.localeCompare(b.currency))
    .map((v) => v.currency);
  const offered = options.enabledCurrencies
    ? [...options.enabledCurrencies]
    : [
        ...new Set([
          ...withData,
          ...payments.map((v) => v.currency).filter((c) => c !== ''),
          'EUR',
          'USD',
          'GBP',
        ]),
      ].filter((c) => c in ISO_CURRENCIES);
  const currency =
    options.currency ??
    withData.find((c) => offered.includes(c)) ??
    offered[0] ??
    withData[0] ??
    'EUR';
  return {
    mode,
    currency,
    currencies: offered.includes(currency) ? offered : [currency, ...offered],
    hasPayments,
  };
}

/**
 * The admin dashboard in one call: which mode and currency to open on, the currency choices, and
 * the period's figures next to the previous period's. Reads only metrics_daily (a few hundred
 * rows for a year), never orders.
 */
export async function getDashboard(options: {
  db: DbOrTx;
  from: string;
  to: string;
  currency?: string | undefined;
  mode?: Mode | undefined;
  /** The platform's enabled currencies (settings; null: every ISO currency). */
  enabledCurrencies: string[] | null;
}): Promise<Dashboard> {
  const { db, from, to } = options;
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const span = Math.max(0, end - start);
  const previousTo = day(start - DAY_MS);
  const previousFrom = day(start - DAY_MS - span);
  // Payment volume per mode and currency in the period: picks the mode and currency to open on.
  const volumes = await db
    .select({
      mode: metricsDaily.mode,
      currency: metricsDaily.currency,
      payments: sql<string>`SUM(CASE WHEN ${metricsDaily.metric} IN ('succeeded', 'failed') THEN ${metricsDaily.value} ELSE 0 END)`,
      volume: sql<string>`SUM(CASE WHEN ${metricsDaily.metric} = 'volume' THEN ${metricsDaily.value} ELSE 0 END)`,
    })
    .from(metricsDaily)
    .where(
      and(
        between(metricsDaily.day, from, to),
        inArray(metricsDaily.metric, ['volume', 'succeeded', 'failed']),
      ),
    )
    .groupBy(metricsDaily.mode, metricsDaily.currency);
  const view = chooseView({
    payments: volumes.map((v) => ({
      mode: v.mode as Mode,
      currency: v.currency,
      payments: Number(v.payments),
    })),
    mode: options.mode,
    currency: options.currency,
    enabledCurrencies: options.enabledCurrencies,
  });
  const { mode, currency } = view;
  const [current, previous] = await Promise.all([
    getDailyMetrics({ db, from, to, currency, mode }),
    getDailyMetrics({ db, from: previousFrom, to: previousTo, currency, mode }),
  ]);
  return {
    ...view,
    from,
    to,
    current,
    previous,
    previousFrom,
    previousTo,
  };
}

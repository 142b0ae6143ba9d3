import { bigint, char, date, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';

/**
 * Per-day counters for the admin dashboard, kept by the `metrics-daily` event consumer (one
 * upsert per event, idempotent per event id) and rebuilt for closed days by the backfill. One
 * row per day, metric and, for payment metrics, currency and mode (`''` for metrics without
 * them: new merchants, new shoppers). A dashboard page reads a few hundred rows, never orders.
 */
export const METRICS = ['volume', 'succeeded', 'failed', 'new_merchants', 'new_shoppers'] as const;
export type Metric = (typeof METRICS)[number];

export const metricsDaily = mysqlTable(
  'metrics_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    metric: varchar('metric', { length: 32 }).notNull(),
    currency: char('currency', { length: 3 }).notNull().default(''),
    mode: varchar('mode', { length: 4 }).notNull().default(''),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ name: 'metrics_daily_pk', columns: [t.day, t.metric, t.currency, t.mode] })],
);

import { bigint, char, date, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
import { timestampMs } from './util/columns.js';

/**
 * The statistics warehouse for merchants: one row per merchant, mode, currency, UTC day and
 * campaign (`''` = all orders of the day, whether in a campaign or not; a campaign id = only its
 * orders). Kept by the `stats-daily` consumer, rebuilt from the outbox by `rebuildStats`.
 */
export const statsDaily = mysqlTable(
  'stats_daily',
  {
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: varchar('mode', { length: 4 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    campaignId: varchar('campaign_id', { length: 40 }).notNull().default(''),
    checkoutsOpened: bigint('checkouts_opened', { mode: 'number' }).notNull().default(0),
    ordersSucceeded: bigint('orders_succeeded', { mode: 'number' }).notNull().default(0),
    ordersFailed: bigint('orders_failed', { mode: 'number' }).notNull().default(0),
    // Minor units of `currency` charged on successful orders.
    revenue: bigint('revenue', { mode: 'number' }).notNull().default(0),
    discountCost: bigint('discount_cost', { mode: 'number' }).notNull().default(0),
    pointsIssued: bigint('points_issued', { mode: 'number' }).notNull().default(0),
    pointsRedeemed: bigint('points_redeemed', { mode: 'number' }).notNull().default(0),
    newShoppers: bigint('new_shoppers', { mode: 'number' }).notNull().default(0),
    returningShoppers: bigint('returning_shoppers', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({
      name: 'stats_daily_pk',
      columns: [t.merchantId, t.mode, t.currency, t.day, t.campaignId],
    }),
  ],
);

/**
 * A shopper's first successful order with a merchant (per mode): a success is a new shopper's
 * when it inserts this row, a returning shopper's otherwise.
 */
export const statsShoppers = mysqlTable(
  'stats_shoppers',
  {
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: varchar('mode', { length: 4 }).notNull(),
    shopperId: varchar('shopper_id', { length: 40 }).notNull(),
    firstOrderId: varchar('first_order_id', { length: 40 }).notNull(),
    firstAt: timestampMs('first_at').notNull(),
  },
  (t) => [primaryKey({ name: 'stats_shoppers_pk', columns: [t.merchantId, t.mode, t.shopperId] })],
);

import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { modeColumn, timestampMs } from './util/columns.js';

/**
 * Stored states. `active` is never stored: a `scheduled` campaign is active while its window is
 * open, and any campaign past its window reads as `ended`, so no job has to flip states on time.
 */
export const CAMPAIGN_STORED_STATES = ['draft', 'scheduled', 'paused', 'ended'] as const;
export const CAMPAIGN_STATES = ['draft', 'scheduled', 'active', 'paused', 'ended'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];
export type CampaignStoredState = (typeof CAMPAIGN_STORED_STATES)[number];

export const CAMPAIGN_AUDIENCES = ['all', 'first_order', 'min_points'] as const;
export type CampaignAudience = (typeof CAMPAIGN_AUDIENCES)[number];

export const CAMPAIGN_REWARDS = ['discount_percent', 'discount_fixed'] as const;
export type CampaignReward = (typeof CAMPAIGN_REWARDS)[number];

/**
 * A merchant's campaign: a discount at checkout, paid by the merchant, within a budget of total
 * discount in the campaign's currency. `budget_reserved` counts what open checkouts hold plus
 * what paid orders spent; it only moves by conditional UPDATEs (see reserve-campaign-budget.ts),
 * so it never passes `budget_total`.
 */
export const campaigns = mysqlTable(
  'campaigns',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    name: varchar('name', { length: 200 }).notNull(),
    state: mysqlEnum('state', CAMPAIGN_STORED_STATES).notNull().default('draft'),
    startsAt: timestampMs('starts_at').notNull(),
    endsAt: timestampMs('ends_at').notNull(),
    audience: mysqlEnum('audience', CAMPAIGN_AUDIENCES).notNull().default('all'),
    // For `min_points`: the points a shopper must hold.
    minPoints: bigint('min_points', { mode: 'number' }).notNull().default(0),
    reward: mysqlEnum('reward', CAMPAIGN_REWARDS).notNull(),
    // `discount_percent`: basis points of the gross amount (1 = 0.01 %).
    percentBps: int('percent_bps', { unsigned: true }).notNull().default(0),
    // `discount_fixed`: minor units off each order.
    fixedAmount: bigint('fixed_amount', { mode: 'number' }).notNull().default(0),
    // The most one order may get off, minor units; null: no cap.
    capPerOrder: bigint('cap_per_order', { mode: 'number' }),
    currency: char('currency', { length: 3 }).notNull(),
    budgetTotal: bigint('budget_total', { mode: 'number' }).notNull(),
    budgetReserved: bigint('budget_reserved', { mode: 'number' }).notNull().default(0),
    version: int('version', { unsigned: true }).notNull().default(1),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    // The checkout's candidates: a merchant's campaigns of one mode and currency.
    index('campaigns_merchant_idx').on(t.merchantId, t.mode, t.currency, t.state),
    index('campaigns_merchant_created_idx').on(t.merchantId, t.mode, t.createdAt, t.id),
  ],
);

/** Codes a shopper types to get a campaign; unique per merchant and mode (stored upper case). */
export const campaignCodes = mysqlTable(
  'campaign_codes',
  {
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    code: varchar('code', { length: 40 }).notNull(),
    campaignId: varchar('campaign_id', { length: 40 }).notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex('campaign_codes_uq').on(t.merchantId, t.mode, t.code),
    index('campaign_codes_campaign_idx').on(t.campaignId),
  ],
);

export const CAMPAIGN_RESERVATION_STATUSES = ['reserved', 'consumed', 'released'] as const;
export type CampaignReservationStatus = (typeof CAMPAIGN_RESERVATION_STATUSES)[number];

/**
 * An order's share of a campaign budget: one row per order (the campaign it currently holds).
 * `reserved` while the checkout is open, `consumed` once paid, `released` (and given back to
 * the campaign) when the checkout failed, expired or was cancelled.
 */
export const campaignReservations = mysqlTable(
  'campaign_reservations',
  {
    orderId: varchar('order_id', { length: 40 }).primaryKey(),
    campaignId: varchar('campaign_id', { length: 40 }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: mysqlEnum('status', CAMPAIGN_RESERVATION_STATUSES).notNull().default('reserved'),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('campaign_reservations_campaign_idx').on(t.campaignId, t.status)],
);

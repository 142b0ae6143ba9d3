import { sql } from 'drizzle-orm';
import { bigint, char, index, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { modeColumn, timestampMs } from './util/columns.js';

export const RISK_HOLD_STATUSES = ['held', 'released', 'voided', 'expired'] as const;
export type RiskHoldStatus = (typeof RISK_HOLD_STATUSES)[number];

/**
 * A wallet payment the risk engine sent to review: the amount is reserved on the shopper's wallet
 * by a pending ledger transfer while the order stays `created`, until an admin releases (posts)
 * or voids it, or the order's expiry voids it. One per order.
 */
export const riskHolds = mysqlTable(
  'risk_holds',
  {
    orderId: varchar('order_id', { length: 40 }).primaryKey(),
    decisionId: varchar('decision_id', { length: 40 }).notNull(),
    transferId: varchar('transfer_id', { length: 40 }).notNull(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    shopperId: varchar('shopper_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: mysqlEnum('status', RISK_HOLD_STATUSES).notNull().default('held'),
    resolvedBy: varchar('resolved_by', { length: 40 }),
    resolvedAt: timestampMs('resolved_at'),
    note: varchar('note', { length: 500 }),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('risk_holds_status_idx').on(t.status, t.createdAt)],
);

import { sql } from 'drizzle-orm';
import { bigint, char, index, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { modeColumn, timestampMs } from './util/columns.js';

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * A full or partial refund of a captured order. Wallet payments are refunded by one ledger
 * transfer merchant -> shopper; provider payments by a two-phase transfer merchant -> provider
 * clearing that is posted when the provider confirms the refund.
 */
export const refunds = mysqlTable(
  'refunds',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    orderId: varchar('order_id', { length: 40 }).notNull(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    reason: varchar('reason', { length: 500 }),
    status: mysqlEnum('status', REFUND_STATUSES).notNull(),
    transferId: varchar('transfer_id', { length: 40 }),
    providerRefundId: varchar('provider_refund_id', { length: 100 }),
    failureCode: varchar('failure_code', { length: 64 }),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    index('refunds_order_idx').on(t.orderId, t.createdAt),
    index('refunds_merchant_idx').on(t.merchantId, t.mode, t.createdAt),
  ],
);

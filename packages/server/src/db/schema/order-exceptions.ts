import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  index,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { modeColumn, timestampMs } from './util/columns.js';

export const EXCEPTION_STATUSES = ['open', 'refunded', 'honoured'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/**
 * The exception queue: money that arrived for an order that had already ended (a provider success
 * after the order's timeout). The money sits in suspense until an admin refunds the shopper or
 * honours the payment (credits the merchant and marks the order paid).
 */
export const orderExceptions = mysqlTable(
  'order_exceptions',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    orderId: varchar('order_id', { length: 40 }).notNull(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    kind: mysqlEnum('kind', ['late_success']).notNull(),
    providerPaymentId: varchar('provider_payment_id', { length: 40 }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    // The transfer provider clearing -> suspense that holds the money meanwhile.
    holdTransferId: varchar('hold_transfer_id', { length: 40 }).notNull(),
    status: mysqlEnum('status', EXCEPTION_STATUSES).notNull().default('open'),
    resolutionTransferId: varchar('resolution_transfer_id', { length: 40 }),
    resolvedBy: varchar('resolved_by', { length: 40 }),
    resolvedAt: timestampMs('resolved_at'),
    note: varchar('note', { length: 500 }),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    // One exception per late payment, however often its notification arrives.
    uniqueIndex('order_exceptions_payment_uq').on(t.providerPaymentId),
    index('order_exceptions_status_idx').on(t.status, t.createdAt),
  ],
);

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
import { json, modeColumn, timestampMs } from './util/columns.js';

export const PROVIDER_PAYMENT_PURPOSES = ['order', 'deposit'] as const;
export const PROVIDER_PAYMENT_STATUSES = ['created', 'succeeded', 'failed'] as const;
export type ProviderPaymentStatus = (typeof PROVIDER_PAYMENT_STATUSES)[number];

/**
 * A payment started at an external provider (for an order, or a shopper's wallet deposit). Its
 * outcome arrives by notification, callback or status query; whichever comes first settles it and
 * the others find it settled.
 */
export const providerPayments = mysqlTable(
  'provider_payments',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    provider: varchar('provider', { length: 40 }).notNull(),
    // The provider's own id for the payment, once it gave one.
    providerRef: varchar('provider_ref', { length: 100 }),
    purpose: mysqlEnum('purpose', PROVIDER_PAYMENT_PURPOSES).notNull(),
    orderId: varchar('order_id', { length: 40 }),
    userId: varchar('user_id', { length: 40 }),
    merchantId: varchar('merchant_id', { length: 40 }),
    mode: modeColumn().notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: mysqlEnum('status', PROVIDER_PAYMENT_STATUSES).notNull().default('created'),
    failureCode: varchar('failure_code', { length: 64 }),
    // What the provider told us last (for support), without card data.
    providerData: json('provider_data').$type<Record<string, unknown>>(),
    lastQueriedAt: timestampMs('last_queried_at'),
    flaggedAt: timestampMs('flagged_at'),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    settledAt: timestampMs('settled_at'),
  },
  (t) => [
    uniqueIndex('provider_payments_ref_uq').on(t.provider, t.providerRef),
    index('provider_payments_order_idx').on(t.orderId),
    // The stuck checker: payments still without an answer, oldest first.
    index('provider_payments_status_idx').on(t.status, t.createdAt),
  ],
);

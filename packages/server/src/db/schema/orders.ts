import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { json, modeColumn, timestampMs } from './util/columns.js';

/** Status names from the original design; merchants switch on them, so never rename one. */
export const ORDER_STATUSES = [
  'created',
  'checkout_success',
  'error_checkout',
  'reject_risk_service',
  'timeout',
  'exception_checkout',
  'refunded',
  'partially_refunded',
  // Added to the original list: the merchant withdrew the order before anyone paid it.
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** How the exception queue settled an order's late payment. */
export const EXCEPTION_RESOLUTIONS = ['refunded', 'honoured'] as const;
export type ExceptionResolution = (typeof EXCEPTION_RESOLUTIONS)[number];

export const PAYMENT_METHODS = ['wallet', 'provider'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type OrderItem = { name: string; quantity: number; unitAmount: number };

/**
 * The columns an order has, live or archived: `orders` holds the working set, `order_history`
 * the final orders the archiver moved out (same columns, partitioned by month).
 */
export const orderColumns = () => ({
  merchantId: varchar('merchant_id', { length: 40 }).notNull(),
  mode: modeColumn().notNull(),
  // The merchant's own reference (its cart or invoice number): unique per merchant and mode.
  reference: varchar('reference', { length: 191 }).notNull(),
  // What the shopper is charged: the gross amount less the campaign discount.
  amount: bigint('amount', { mode: 'number' }).notNull(),
  // What the merchant asked for (the checkout token binds it); equals `amount` without a discount.
  grossAmount: bigint('gross_amount', { mode: 'number' }).notNull().default(0),
  discountAmount: bigint('discount_amount', { mode: 'number' }).notNull().default(0),
  campaignId: varchar('campaign_id', { length: 40 }),
  // Bonus points (not built yet): always 0 for now, carried so the API shape is stable.
  pointsEarned: bigint('points_earned', { mode: 'number' }).notNull().default(0),
  pointsRedeemed: bigint('points_redeemed', { mode: 'number' }).notNull().default(0),
  currency: char('currency', { length: 3 }).notNull(),
  description: varchar('description', { length: 500 }),
  items: json('items').$type<OrderItem[]>(),
  returnUrl: varchar('return_url', { length: 500 }).notNull(),
  cancelUrl: varchar('cancel_url', { length: 500 }).notNull(),
  metadata: json('metadata').$type<Record<string, string>>(),
  status: mysqlEnum('status', ORDER_STATUSES).notNull().default('created'),
  // The fence of every status change: UPDATE … WHERE version = <read version>.
  version: int('version', { unsigned: true }).notNull().default(1),
  expiresAt: timestampMs('expires_at').notNull(),
  paymentMethod: mysqlEnum('payment_method', PAYMENT_METHODS),
  shopperId: varchar('shopper_id', { length: 40 }),
  // The ledger transfer that captured the payment (payment leg; the fee leg is linked to it).
  transferId: varchar('transfer_id', { length: 40 }),
  providerPaymentId: varchar('provider_payment_id', { length: 40 }),
  capturedAmount: bigint('captured_amount', { mode: 'number' }).notNull().default(0),
  feeAmount: bigint('fee_amount', { mode: 'number' }).notNull().default(0),
  refundedAmount: bigint('refunded_amount', { mode: 'number' }).notNull().default(0),
  // Why the order failed (a stable code), when it did.
  failureCode: varchar('failure_code', { length: 64 }),
  // IPNs of one order are numbered 1, 2, … so merchants can order them.
  ipnSeq: int('ipn_seq', { unsigned: true }).notNull().default(0),
  // Set by the stuck-order checker when an order needs a human.
  flaggedAt: timestampMs('flagged_at'),
  // How the exception queue resolved a late payment of this order (`exception_checkout`): the
  // shopper was refunded, or the payment was honoured (the order then is `checkout_success`).
  exceptionResolution: mysqlEnum('exception_resolution', EXCEPTION_RESOLUTIONS),
  createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  finalAt: timestampMs('final_at'),
});

export const orders = mysqlTable(
  'orders',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    ...orderColumns(),
  },
  (t) => [
    uniqueIndex('orders_reference_uq').on(t.merchantId, t.mode, t.reference),
    // The merchant's order list, newest first, cursor on (created_at, id).
    index('orders_merchant_created_idx').on(t.merchantId, t.mode, t.createdAt, t.id),
    // The expiry sweeper and the stuck-order checker: non-final orders by expiry.
    index('orders_status_expiry_idx').on(t.status, t.expiresAt),
    // The archiver: final orders oldest first.
    index('orders_final_idx').on(t.finalAt),
    // A shopper's order history in the wallet, newest first.
    index('orders_shopper_created_idx').on(t.shopperId, t.createdAt, t.id),
    // The admin portal's order search across merchants, newest first (its default view): without
    // it every page sorted the whole table. One more B-tree entry per order.
    index('orders_created_idx').on(t.createdAt, t.id),
  ],
);

/**
 * Final orders moved out of `orders` by the archiver, kept for years. Partitioned by month of
 * creation (see the custom migration), so the primary key includes `created_at`.
 */
export const orderHistory = mysqlTable(
  'order_history',
  {
    id: varchar('id', { length: 40 }).notNull(),
    ...orderColumns(),
    archivedAt: timestampMs('archived_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    primaryKey({ name: 'order_history_pk', columns: [t.id, t.createdAt] }),
    index('order_history_id_idx').on(t.id),
    index('order_history_merchant_created_idx').on(t.merchantId, t.mode, t.createdAt, t.id),
    index('order_history_reference_idx').on(t.merchantId, t.mode, t.reference),
    index('order_history_shopper_created_idx').on(t.shopperId, t.createdAt, t.id),
    index('order_history_created_idx').on(t.createdAt, t.id),
  ],
);

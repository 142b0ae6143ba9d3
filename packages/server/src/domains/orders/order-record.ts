import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  type ExceptionResolution,
  type Mode,
  type OrderItem,
  type OrderStatus,
  orderHistory,
  orders,
  type PaymentMethod,
} from '../../db/schema/index.js';
import { AppError } from '../../errors.js';

export type OrderRow = typeof orders.$inferSelect;

/** An order as the API shows it (dates as ISO strings). */
export type Order = {
  id: string;
  merchantId: string;
  mode: Mode;
  reference: string;
  /** What the shopper is charged: `grossAmount` less `discountAmount`. */
  amount: number;
  /** What the merchant asked for (the checkout token binds it). */
  grossAmount: number;
  /** The campaign discount the merchant gives on this order (0 without one). */
  discountAmount: number;
  /** The campaign whose discount the order holds, or null. */
  campaignId: string | null;
  /** Bonus points (not built yet): 0. */
  pointsEarned: number;
  /** Bonus points (not built yet): 0. */
  pointsRedeemed: number;
  currency: string;
  description: string | null;
  items: OrderItem[] | null;
  returnUrl: string;
  cancelUrl: string;
  metadata: Record<string, string> | null;
  status: OrderStatus;
  version: number;
  expiresAt: string;
  paymentMethod: PaymentMethod | null;
  capturedAmount: number;
  feeAmount: number;
  refundedAmount: number;
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
  finalAt: string | null;
  /** How the exception queue resolved a late payment: refunded to the shopper, or honoured. */
  exceptionResolution: ExceptionResolution | null;
  archived: boolean;
};

/** Statuses after which the payment can no longer happen (refund states follow a success). */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'checkout_success',
  'error_checkout',
  'reject_risk_service',
  'timeout',
  'exception_checkout',
  'refunded',
  'partially_refunded',
  'cancelled',
]);

export function toOrder(row: OrderRow, archived = false): Order {
  return {
    id: row.id,
    merchantId: row.merchantId,
    mode: row.mode,
    reference: row.reference,
    amount: Number(row.amount),
    grossAmount: Number(row.grossAmount),
    discountAmount: Number(row.discountAmount),
    campaignId: row.campaignId ?? null,
    pointsEarned: Number(row.pointsEarned),
    pointsRedeemed: Number(row.pointsRedeemed),
    currency: row.currency,
    description: row.description,
    items: row.items ?? null,
    returnUrl: row.returnUrl,
    cancelUrl: row.cancelUrl,
    metadata: row.metadata ?? null,
    status: row.status,
    version: row.version,
    expiresAt: row.expiresAt.toISOString(),
    paymentMethod: row.paymentMethod,
    capturedAmount: Number(row.capturedAmount),
    feeAmount: Number(row.feeAmount),
    refundedAmount: Number(row.refundedAmount),
    failureCode: row.failureCode,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finalAt: row.finalAt?.toISOString() ?? null,
    exceptionResolution: row.exceptionResolution ?? null,
    archived,
  };
}

export function orderNotFound(): AppError {
  return new AppError('order_not_found', { message: 'No such order.', field: 'orderId' });
}

/** The live row of an order (not archived), optionally locked for the transaction. */
export async function findLiveOrder(options: {
  db: DbOrTx;
  orderId: string;
  forUpdate?: boolean;
}): Promise<OrderRow | undefined> {
  const query = options.db.select().from(orders).where(eq(orders.id, options.orderId)).limit(1);
  const [row] = await (options.forUpdate ? query.for('update') : query);
  return row;
}

/** An order wherever it lives: the working table first, then order history. */
export async function findOrder(options: {
  db: DbOrTx;
  orderId: string;
}): Promise<{ row: OrderRow; archived: boolean } | undefined> {
  const live = await findLiveOrder(options);
  if (live) return { row: live, archived: false };
  const [old] = await options.db
    .select()
    .from(orderHistory)
    .where(eq(orderHistory.id, options.orderId))
    .limit(1);
  if (!old) return undefined;
  const { archivedAt: _archivedAt, ...row } = old;
  return { row, archived: true };
}

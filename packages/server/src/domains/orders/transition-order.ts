import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { affectedRows } from '../../db/errors.js';
import { type OrderStatus, orders } from '../../db/schema/index.js';
import { outbox } from '../../events/index.js';
import { enqueueIpn } from '../ipn/enqueue-ipn.js';
import { FINAL_STATUSES, type OrderRow, toOrder } from './order-record.js';

type OrderPatch = Partial<
  Pick<
    OrderRow,
    | 'paymentMethod'
    | 'shopperId'
    | 'transferId'
    | 'providerPaymentId'
    | 'capturedAmount'
    | 'feeAmount'
    | 'refundedAmount'
    | 'failureCode'
  >
>;

/**
 * Moves an order to a new status in the caller's transaction, fenced by the version it was read
 * at: if anyone changed the order since (another request, the expiry sweeper, a paused lock
 * holder's rival), nothing is written and `undefined` comes back. With the change go the outbox
 * event and the merchant's IPN, numbered by the order's IPN sequence.
 */
export async function transitionOrder(options: {
  tx: Tx;
  row: OrderRow;
  to: OrderStatus;
  set?: OrderPatch;
  ipnUrl: string;
  ipnRetryWindowMs: number;
  now?: Date;
}): Promise<OrderRow | undefined> {
  const { tx, row, to } = options;
  const now = options.now ?? new Date();
  const finalAt = row.finalAt ?? (FINAL_STATUSES.has(to) ? now : null);
  const result = await tx
    .update(orders)
    .set({
      ...options.set,
      status: to,
      version: sql`${orders.version} + 1`,
      ipnSeq: sql`${orders.ipnSeq} + 1`,
      updatedAt: now,
      finalAt,
    })
    .where(and(eq(orders.id, row.id), eq(orders.version, row.version)));
  if (affectedRows(result) !== 1) return undefined;
  const next: OrderRow = {
    ...row,
    ...options.set,
    status: to,
    version: row.version + 1,
    ipnSeq: row.ipnSeq + 1,
    updatedAt: now,
    finalAt,
  };
  await outbox.append({
    tx,
    type: 'order.status_changed',
    aggregateId: row.id,
    payload: {
      orderId: row.id,
      merchantId: row.merchantId,
      mode: row.mode,
      from: row.status,
      to,
      version: next.version,
      amount: Number(row.amount),
      currency: row.currency,
      failureCode: next.failureCode,
      shopperId: next.shopperId,
    },
    occurredAt: now,
  });
  await enqueueIpn({
    tx,
    merchantId: row.merchantId,
    mode: row.mode,
    orderId: row.id,
    seq: next.ipnSeq,
    type: `order.${to}`,
    order: toOrder(next),
    url: options.ipnUrl,
    now,
    retryWindowMs: options.ipnRetryWindowMs,
  });
  return next;
}

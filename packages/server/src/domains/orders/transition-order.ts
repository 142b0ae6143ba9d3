import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { affectedRows } from '../../db/errors.js';
import { type OrderStatus, orders } from '../../db/schema/index.js';
import { outbox } from '../../events/index.js';
import {
  consumeCampaignReservation,
  releaseCampaignReservation,
} from '../campaigns/campaign-budget.js';
import { publishEvent } from '../webhooks/publish-event.js';
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

/** Endings of an unpaid checkout: its share of a campaign budget goes back. */
const RELEASES_DISCOUNT: ReadonlySet<OrderStatus> = new Set([
  'error_checkout',
  'reject_risk_service',
  'timeout',
  'cancelled',
]);

/**
 * Moves an order to a new status in the caller's transaction, fenced by the version it was read
 * at: if anyone changed the order since (another request, the expiry sweeper, a paused lock
 * holder's rival), nothing is written and `undefined` comes back. With the change go the outbox
 * event, the campaign budget's share (spent on success, released on an unpaid ending) and the
 * merchant's event (an IPN to each subscribed webhook endpoint), numbered by the order's IPN sequence.
 */
export async function transitionOrder(options: {
  tx: Tx;
  row: OrderRow;
  to: OrderStatus;
  set?: OrderPatch;
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
  // The campaign budget moves with the status, in the same transaction: a paid order spends its
  // share, an unpaid ending gives it back. The version fence above makes this happen once.
  if (row.campaignId && to === 'checkout_success') {
    await consumeCampaignReservation({ tx, orderId: row.id, now });
  } else if (row.campaignId && RELEASES_DISCOUNT.has(to)) {
    await releaseCampaignReservation({ tx, orderId: row.id, now });
  }
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
      grossAmount: Number(row.grossAmount),
      discountAmount: Number(row.discountAmount),
      campaignId: row.campaignId ?? null,
      pointsEarned: Number(next.pointsEarned),
      pointsRedeemed: Number(next.pointsRedeemed),
    },
    occurredAt: now,
  });
  await publishEvent({
    tx,
    merchantId: row.merchantId,
    mode: row.mode,
    orderId: row.id,
    seq: next.ipnSeq,
    type: `order.${to}`,
    data: { order: toOrder(next) },
    now,
    retryWindowMs: options.ipnRetryWindowMs,
  });
  return next;
}

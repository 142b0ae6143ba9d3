import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  type DifferenceDetails,
  type Mode,
  orderHistory,
  orders,
  type ReconCategory,
} from '../../db/schema/index.js';
import { publishEvent } from '../webhooks/publish-event.js';
import type { ReconDeps } from './run-reconciliation.js';

/** The IPN type merchants receive when reconciliation finds a difference on one of their orders. */
export const DIFFERENCE_IPN_TYPE = 'order.reconciliation_difference';

/**
 * Tells the merchant, in the transaction that records the difference, that one of its orders
 * has a difference (`order.reconciliation_difference`, numbered in the order's IPN sequence like
 * its other IPNs). Archived orders are numbered in the archive. Returns whether one was enqueued.
 */
export async function notifyMerchantOfDifference(options: {
  deps: ReconDeps;
  tx: Tx;
  orderId: string;
  merchantId: string;
  mode: Mode;
  differenceId: string;
  category: ReconCategory;
  details: DifferenceDetails;
}): Promise<boolean> {
  const { tx, orderId } = options;
  const url = await options.deps.ipnUrlOf(options.merchantId);
  if (!url) return false;
  let table: typeof orders | typeof orderHistory = orders;
  let [bumped] = await tx
    .update(orders)
    .set({ ipnSeq: sql`${orders.ipnSeq} + 1` })
    .where(eq(orders.id, orderId));
  if (bumped.affectedRows === 0) {
    table = orderHistory;
    [bumped] = await tx
      .update(orderHistory)
      .set({ ipnSeq: sql`${orderHistory.ipnSeq} + 1` })
      .where(eq(orderHistory.id, orderId));
  }
  // A line with no order of ours (a payment nobody created) concerns no order to number.
  if (bumped.affectedRows === 0) return false;
  const [row] = await tx
    .select({
      ipnSeq: table.ipnSeq,
      reference: table.reference,
      amount: table.amount,
      currency: table.currency,
      status: table.status,
    })
    .from(table)
    .where(eq(table.id, orderId))
    .limit(1);
  if (!row) return false;
  await publishEvent({
    tx,
    merchantId: options.merchantId,
    mode: options.mode,
    orderId,
    seq: row.ipnSeq,
    type: DIFFERENCE_IPN_TYPE,
    data: {
      order: {
        id: orderId,
        reference: row.reference,
        amount: Number(row.amount),
        currency: row.currency,
        status: row.status,
        reconciliation: {
          differenceId: options.differenceId,
          category: options.category,
          ledgerAmount: options.details.ledger?.amount ?? null,
          providerAmount: options.details.provider?.amount ?? null,
        },
      },
    },
    retryWindowMs: options.deps.ipnRetryWindowMs,
  });
  return true;
}

import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { type ExceptionResolution, orderHistory, orders } from '../../db/schema/index.js';
import { outbox } from '../../events/index.js';
import { toOrder } from '../orders/order-record.js';
import { publishEvent } from '../webhooks/publish-event.js';

/** The IPN a merchant receives when the exception queue resolves one of its orders' late payments. */
export const EXCEPTION_RESOLVED_IPN_TYPE = 'order.exception_resolved';

/**
 * Writes the exception queue's decision onto the order, in the caller's transaction (the one that
 * closes the exception): `exception_resolution`, a new version, the `order.exception_resolved`
 * event and the merchant's IPN of that type, numbered in the order's IPN sequence. The order is
 * locked first, so its IPN numbers stay in order with a concurrent status change. An order the
 * archiver moved is updated in the archive. Returns false when the order is nowhere (nothing is
 * written then; the exception still closes).
 */
export async function recordExceptionResolution(options: {
  tx: Tx;
  orderId: string;
  exceptionId: string;
  resolution: ExceptionResolution;
  ipnRetryWindowMs: number;
  now?: Date;
}): Promise<boolean> {
  const { tx, orderId, resolution } = options;
  const now = options.now ?? new Date();
  let archived = false;
  let [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).limit(1).for('update');
  if (!row) {
    const [old] = await tx
      .select()
      .from(orderHistory)
      .where(eq(orderHistory.id, orderId))
      .limit(1)
      .for('update');
    if (!old) return false;
    const { archivedAt: _archivedAt, ...rest } = old;
    row = rest;
    archived = true;
  }
  const table = archived ? orderHistory : orders;
  await tx
    .update(table)
    .set({
      exceptionResolution: resolution,
      version: sql`${table.version} + 1`,
      ipnSeq: sql`${table.ipnSeq} + 1`,
      updatedAt: now,
    })
    .where(eq(table.id, orderId));
  const next = {
    ...row,
    exceptionResolution: resolution,
    version: row.version + 1,
    ipnSeq: row.ipnSeq + 1,
    updatedAt: now,
  };
  await outbox.append({
    tx,
    type: 'order.exception_resolved',
    aggregateId: orderId,
    payload: {
      orderId,
      merchantId: row.merchantId,
      mode: row.mode,
      exceptionId: options.exceptionId,
      resolution,
      amount: Number(row.amount),
      currency: row.currency,
      version: next.version,
    },
    occurredAt: now,
  });
  await publishEvent({
    tx,
    merchantId: row.merchantId,
    mode: row.mode,
    orderId,
    seq: next.ipnSeq,
    type: EXCEPTION_RESOLVED_IPN_TYPE,
    data: { order: toOrder(next, archived) },
    now,
    retryWindowMs: options.ipnRetryWindowMs,
  });
  return true;
}

import { and, eq, sql } from 'drizzle-orm';
import { affectedRows } from '../../db/errors.js';
import { type Mode, orders, providerPayments, refunds } from '../../db/schema/index.js';
import { AppError, isAppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { idFromKey, newId } from '../../infra/id.js';
import { acquireLock } from '../../infra/locks.js';
import { payKey } from '../checkout/expire-order.js';
import { findTransferByKey } from '../checkout/find-transfer-by-key.js';
import { orderBusy } from '../checkout/order-for-token.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { createTransfer, postTransfer, voidTransfer } from '../ledger/index.js';
import {
  findLiveOrder,
  findOrder,
  type OrderRow,
  orderNotFound,
  toOrder,
} from '../orders/order-record.js';
import { transitionOrder } from '../orders/transition-order.js';
import { providerHolding } from '../providers/assert-provider-serves.js';
import { publishEvent } from '../webhooks/publish-event.js';

export type Refund = {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  reason: string | null;
  status: 'pending' | 'succeeded' | 'failed';
  failureCode: string | null;
  createdAt: string;
};

export function toRefund(row: typeof refunds.$inferSelect): Refund {
  return {
    id: row.id,
    orderId: row.orderId,
    amount: Number(row.amount),
    currency: row.currency,
    reason: row.reason,
    status: row.status,
    failureCode: row.failureCode,
    createdAt: row.createdAt.toISOString(),
  };
}

type RefundRow = typeof refunds.$inferSelect;

/** `data.refund` of refund events. */
function refundEventData(row: RefundRow): Record<string, unknown> {
  return { ...toRefund(row), mode: row.mode };
}

/**
 * Refunds all or part of a paid order, never more than was captured (several partial refunds
 * add up to at most the captured amount). Wallet payments go back to the shopper's wallet in one
 * ledger transfer; provider payments are reserved merchant -> provider clearing, refunded at the
 * provider, then posted (or voided if the provider refuses). The platform keeps its fee.
 *
 * In three steps, none of which holds a transaction while money moves or the provider answers:
 * 1. the refund is reserved: a `pending` row, written under the order's row lock after checking
 *    what is still refundable (captured - refunded - other pending refunds), so concurrent
 *    refunds never add up to more than was captured;
 * 2. the money moves, keyed by the refund id (the ledger and the provider each do it once);
 * 3. the outcome is recorded with the order's new status, its event and IPN.
 * A process that dies after 1 leaves a pending refund that the stuck checker completes (see
 * completeRefund); with an Idempotency-Key the refund id derives from it, so the merchant's retry
 * continues the same refund instead of starting a second one.
 */
export async function createRefund(options: {
  services: PaymentServices;
  merchantId: string;
  mode: Mode;
  orderId: string;
  amount?: number | undefined;
  reason?: string | undefined;
  idempotencyKey?: string | undefined;
}): Promise<Refund> {
  const { services } = options;
  const refundId = options.idempotencyKey
    ? idFromKey('rfd', 'refund', options.merchantId, options.mode, options.idempotencyKey)
    : newId('rfd');
  const lock = await acquireLock({
    redis: services.redis,
    key: `order:${options.orderId}`,
    ttlMs: services.config.lockTtlMs,
  });
  if (!lock) throw orderBusy();
  try {
    const reserved = await reserveRefund({ ...options, refundId });
    if (reserved.status !== 'pending') return toRefund(reserved);
    const done = await completeRefund({ services, refund: reserved });
    if (done.status === 'failed' && done.failureCode === 'insufficient_funds') {
      throw new AppError('insufficient_funds', {
        message: 'Your balance does not cover this refund.',
        details: { refundId: done.id },
      });
    }
    if (done.status === 'failed') {
      throw new AppError('provider_declined', {
        message: 'The provider refused the refund.',
        details: { failureCode: done.failureCode ?? 'declined', refundId: done.id },
      });
    }
    return toRefund(done);
  } finally {
    await lock.release().catch(() => false);
  }
}

async function reserveRefund(options: {
  services: PaymentServices;
  refundId: string;
  merchantId: string;
  mode: Mode;
  orderId: string;
  amount?: number | undefined;
  reason?: string | undefined;
}): Promise<RefundRow> {
  const { services, refundId } = options;
  return services.db.transaction(async (tx) => {
    // Row-locked: concurrent reservations queue here, and the archiver cannot move the order.
    const live = await findLiveOrder({ db: tx, orderId: options.orderId, forUpdate: true });
    const found = live
      ? { row: live, archived: false }
      : await findOrder({ db: tx, orderId: options.orderId });
    if (!found || found.row.merchantId !== options.merchantId || found.row.mode !== options.mode) {
      throw orderNotFound();
    }
    // A retry of a refund already reserved under this key: continue it, whatever came since.
    const [earlier] = await tx.select().from(refunds).where(eq(refunds.id, refundId));
    if (earlier) {
      if (earlier.orderId !== options.orderId) throw orderNotFound();
      return earlier;
    }
    if (found.archived) {
      throw new AppError('order_archived', {
        message: 'This order is archived; refunds are possible until it is archived.',
      });
    }
    const row = found.row;
    if (row.status !== 'checkout_success' && row.status !== 'partially_refunded') {
      throw new AppError('order_not_refundable', {
        message: `Only paid orders can be refunded; this one is ${row.status}.`,
        details: { status: row.status },
      });
    }
    const [pending] = await tx
      .select({ total: sql<string | null>`SUM(${refunds.amount})` })
      .from(refunds)
      .where(and(eq(refunds.orderId, row.id), eq(refunds.status, 'pending')));
    const captured = Number(row.capturedAmount);
    const refundable = captured - Number(row.refundedAmount) - Number(pending?.total ?? 0);
    const amount = options.amount ?? refundable;
    if (amount <= 0 || amount > refundable) {
      throw new AppError('refund_exceeds_captured', {
        message: `At most ${Math.max(0, refundable)} can still be refunded.`,
        field: 'amount',
        details: { refundable: Math.max(0, refundable) },
      });
    }
    const now = new Date();
    const reserved: RefundRow = {
      id: refundId,
      orderId: row.id,
      merchantId: row.merchantId,
      mode: row.mode,
      amount,
      currency: row.currency,
      reason: options.reason ?? null,
      status: 'pending',
      transferId: null,
      providerRefundId: null,
      failureCode: null,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(refunds).values(reserved);
    return reserved;
  });
}

/**
 * Moves the money of a pending refund and records the outcome. Safe to run again for the same
 * refund (after a crash, by the stuck checker): the ledger transfer is keyed by the refund id, the
 * provider refund carries it, and the outcome is written only while the refund is still pending.
 * Returns the refund as it ends: `succeeded`, `failed` (the provider refused; nothing moved), or
 * still `pending` when the provider could not be reached (tried again later).
 */
export async function completeRefund(options: {
  services: PaymentServices;
  refund: RefundRow;
}): Promise<RefundRow> {
  const { services, refund } = options;
  const order = await findLiveOrder({ db: services.db, orderId: refund.orderId });
  if (!order) {
    throw new AppError('internal_error', { internalMessage: `refund ${refund.id}: no live order` });
  }
  const amount = Number(refund.amount);
  const ledgerKey = `refund:${refund.id}`;
  const merchantAccount = await services.accounts.merchantBalance(
    order.merchantId,
    order.currency,
    order.mode,
  );
  let transferId: string;
  let providerRefundId: string | null = null;
  let failureCode: string | null = null;
  if (order.paymentMethod === 'wallet') {
    const paid = await findTransferByKey({ db: services.db, key: payKey(order.id) });
    if (!paid) {
      throw new AppError('internal_error', { internalMessage: 'paid order has no transfer' });
    }
    const moved = await refusalOf(() =>
      createTransfer({
        writer: services.ledger,
        idempotencyKey: ledgerKey,
        debitAccountId: merchantAccount,
        creditAccountId: paid.debitAccountId,
        amount,
        currency: order.currency,
        kind: 'refund',
        reference: order.id,
      }),
    );
    if ('refused' in moved) {
      return recordRefundOutcome({
        services,
        refund,
        transferId: null,
        providerRefundId: null,
        failureCode: moved.refused,
      });
    }
    transferId = moved.transfer.id;
  } else {
    const [payment] = order.providerPaymentId
      ? await services.db
          .select()
          .from(providerPayments)
          .where(eq(providerPayments.id, order.providerPaymentId))
      : [];
    if (!payment?.providerRef) {
      throw new AppError('provider_unknown', {
        message: 'The payment provider is not available.',
      });
    }
    const adapter = providerHolding({
      providers: services.providers,
      name: payment.provider,
      mode: order.mode,
    });
    const clearing = await services.accounts.providerClearing(
      payment.provider,
      order.currency,
      order.mode,
    );
    const reserved = await refusalOf(() =>
      createTransfer({
        writer: services.ledger,
        idempotencyKey: ledgerKey,
        debitAccountId: merchantAccount,
        creditAccountId: clearing,
        amount,
        currency: order.currency,
        kind: 'refund',
        reference: order.id,
        pending: true,
      }),
    );
    if ('refused' in reserved) {
      return recordRefundOutcome({
        services,
        refund,
        transferId: null,
        providerRefundId: null,
        failureCode: reserved.refused,
      });
    }
    const { transfer } = reserved;
    transferId = transfer.id;
    let result: Awaited<ReturnType<typeof adapter.refund>>;
    try {
      result = await adapter.refund({
        providerRef: payment.providerRef,
        refundId: refund.id,
        amount,
        currency: order.currency,
      });
    } catch (error) {
      if (isAppError(error) && error.code !== 'provider_unavailable') {
        // A definite refusal (declined, unknown payment, a request it rejects): nothing moved.
        const providerCode = error.details?.providerCode;
        result = {
          providerRefundId: '',
          status: 'failed',
          failureCode: typeof providerCode === 'string' ? providerCode : error.code,
        };
      } else {
        // No answer: the provider may or may not have refunded. The reservation stays pending
        // (merchant balance held) and the stuck checker asks again under the same refund id.
        services.logger.warn({ err: error, refundId: refund.id }, 'refund: provider unreachable');
        return refund;
      }
    }
    if (result.status === 'succeeded') {
      providerRefundId = result.providerRefundId;
      if (transfer.status === 'pending')
        await postTransfer({ writer: services.ledger, transferId });
    } else {
      failureCode = result.failureCode ?? 'declined';
      if (transfer.status === 'pending')
        await voidTransfer({ writer: services.ledger, transferId });
    }
  }
  return recordRefundOutcome({ services, refund, transferId, providerRefundId, failureCode });
}

/** The merchant balance cannot cover the refund: a refusal recorded on the refund, not a fault. */
async function refusalOf<T>(move: () => Promise<T>): Promise<T | { refused: string }> {
  try {
    return await move();
  } catch (error) {
    if (isAppError(error) && error.code === 'insufficient_funds') return { refused: error.code };
    throw error;
  }
}

async function recordRefundOutcome(options: {
  services: PaymentServices;
  refund: RefundRow;
  transferId: string | null;
  providerRefundId: string | null;
  failureCode: string | null;
}): Promise<RefundRow> {
  const { services, refund } = options;
  const status = options.failureCode === null ? 'succeeded' : 'failed';
  return services.db.transaction(async (tx) => {
    const row = await findLiveOrder({ db: tx, orderId: refund.orderId, forUpdate: true });
    const now = new Date();
    const updated = await tx
      .update(refunds)
      .set({
        status,
        transferId: options.transferId,
        providerRefundId: options.providerRefundId,
        failureCode: options.failureCode,
        updatedAt: now,
      })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'pending')));
    const [saved] = await tx.select().from(refunds).where(eq(refunds.id, refund.id));
    if (!saved) throw new Error('refund vanished');
    // Recorded already (a concurrent completion won): its outcome stands.
    if (affectedRows(updated) === 0) return saved;
    let order: OrderRow | undefined = row;
    if (status === 'succeeded') {
      if (!row) throw new Error(`refund ${refund.id}: order archived while pending`);
      const total = Number(row.refundedAmount) + Number(refund.amount);
      const next = await transitionOrder({
        tx,
        row,
        to: total === Number(row.capturedAmount) ? 'refunded' : 'partially_refunded',
        set: { refundedAmount: total },
        ipnRetryWindowMs: services.config.ipnRetryWindowMs,
        now,
      });
      // The order row is locked in this transaction: its version cannot have moved.
      if (!next) throw orderBusy();
      order = next;
    }
    // The refund's own event, after the order's (next in the order's sequence): it says which
    // refund it was, which `order.partially_refunded` alone cannot.
    if (order) {
      const seq = order.ipnSeq + 1;
      await tx
        .update(orders)
        .set({ ipnSeq: seq })
        .where(and(eq(orders.id, order.id), eq(orders.ipnSeq, order.ipnSeq)));
      await publishEvent({
        tx,
        merchantId: refund.merchantId,
        mode: refund.mode,
        orderId: refund.orderId,
        seq,
        type: status === 'succeeded' ? 'refund.succeeded' : 'refund.failed',
        data: { refund: refundEventData(saved), order: toOrder({ ...order, ipnSeq: seq }) },
        // One millisecond after the order's event of the same change, so lists newest first
        // (ordered by time, then id) show it first rather than by the ids' chance.
        now: new Date(now.getTime() + 1),
        retryWindowMs: services.config.ipnRetryWindowMs,
      });
    }
    await outbox.append({
      tx,
      type: 'order.refund_changed',
      aggregateId: refund.orderId,
      payload: {
        refundId: refund.id,
        orderId: refund.orderId,
        merchantId: refund.merchantId,
        amount: Number(refund.amount),
        currency: refund.currency,
        status,
      },
      occurredAt: now,
    });
    return saved;
  });
}

import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { type Mode, providerPayments, refunds } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { newId } from '../../infra/id.js';
import { acquireLock } from '../../infra/locks.js';
import { ipnUrlOf } from '../checkout/complete-payment.js';
import { payKey } from '../checkout/expire-order.js';
import { findTransferByKey } from '../checkout/find-transfer-by-key.js';
import { orderBusy } from '../checkout/order-for-token.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { createTransfer, postTransfer, voidTransfer } from '../ledger/index.js';
import { findLiveOrder, findOrder, orderNotFound } from '../orders/order-record.js';
import { transitionOrder } from '../orders/transition-order.js';

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

/**
 * Refunds all or part of a paid order, never more than was captured (several partial refunds
 * add up to at most the captured amount). Wallet payments go back to the shopper's wallet in one
 * ledger transfer; provider payments are reserved merchant -> provider clearing, refunded at the
 * provider, then posted (or voided if the provider refuses). The platform keeps its fee.
 *
 * Runs in the caller's transaction (the Idempotency-Key record's): with a key, the ledger
 * transfer is keyed by it too, so a retry after a crash cannot refund twice.
 */
export async function createRefund(options: {
  tx: Tx;
  services: PaymentServices;
  merchantId: string;
  mode: Mode;
  orderId: string;
  amount?: number | undefined;
  reason?: string | undefined;
  idempotencyKey?: string | undefined;
}): Promise<Refund> {
  const { tx, services } = options;
  const lock = await acquireLock({
    redis: services.redis,
    key: `order:${options.orderId}`,
    ttlMs: services.config.lockTtlMs,
  });
  if (!lock) throw orderBusy();
  try {
    // Row-locked: the archiver cannot move the order out from under the refund.
    const live = await findLiveOrder({ db: tx, orderId: options.orderId, forUpdate: true });
    const found = live
      ? { row: live, archived: false }
      : await findOrder({ db: tx, orderId: options.orderId });
    if (!found || found.row.merchantId !== options.merchantId || found.row.mode !== options.mode) {
      throw orderNotFound();
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
    const captured = Number(row.capturedAmount);
    const refunded = Number(row.refundedAmount);
    const amount = options.amount ?? captured - refunded;
    if (amount <= 0 || amount > captured - refunded) {
      throw new AppError('refund_exceeds_captured', {
        message: `At most ${captured - refunded} can still be refunded.`,
        field: 'amount',
        details: { refundable: captured - refunded },
      });
    }
    const refundId = newId('rfd');
    const ledgerKey = options.idempotencyKey
      ? `refund:${row.id}:${createHash('sha256').update(options.idempotencyKey).digest('hex').slice(0, 32)}`
      : `refund:${refundId}`;
    const merchantAccount = await services.accounts.merchantBalance(
      row.merchantId,
      row.currency,
      row.mode,
    );
    let transferId: string;
    let providerRefundId: string | null = null;
    if (row.paymentMethod === 'wallet') {
      const paid = await findTransferByKey({ db: tx, key: payKey(row.id) });
      if (!paid)
        throw new AppError('internal_error', { internalMessage: 'paid order has no transfer' });
      const { transfer } = await createTransfer({
        writer: services.ledger,
        idempotencyKey: ledgerKey,
        debitAccountId: merchantAccount,
        creditAccountId: paid.debitAccountId,
        amount,
        currency: row.currency,
        kind: 'refund',
        reference: row.id,
      });
      transferId = transfer.id;
    } else {
      const [payment] = row.providerPaymentId
        ? await tx
            .select()
            .from(providerPayments)
            .where(eq(providerPayments.id, row.providerPaymentId))
        : [];
      const adapter = payment ? services.providers.get(payment.provider) : undefined;
      if (!payment?.providerRef || !adapter) {
        throw new AppError('provider_unknown', {
          message: 'The payment provider is not available.',
        });
      }
      const clearing = await services.accounts.providerClearing(
        payment.provider,
        row.currency,
        row.mode,
      );
      const { transfer } = await createTransfer({
        writer: services.ledger,
        idempotencyKey: ledgerKey,
        debitAccountId: merchantAccount,
        creditAccountId: clearing,
        amount,
        currency: row.currency,
        kind: 'refund',
        reference: row.id,
        pending: true,
      });
      transferId = transfer.id;
      let result: Awaited<ReturnType<typeof adapter.refund>>;
      try {
        result = await adapter.refund({
          providerRef: payment.providerRef,
          refundId,
          amount,
          currency: row.currency,
        });
      } catch (error) {
        await voidTransfer({ writer: services.ledger, transferId }).catch(() => undefined);
        throw error;
      }
      if (result.status !== 'succeeded') {
        await voidTransfer({ writer: services.ledger, transferId });
        throw new AppError('provider_declined', {
          message: 'The provider refused the refund.',
          details: { failureCode: result.failureCode ?? 'declined' },
        });
      }
      providerRefundId = result.providerRefundId;
      if (transfer.status === 'pending')
        await postTransfer({ writer: services.ledger, transferId });
    }
    const now = new Date();
    await tx.insert(refunds).values({
      id: refundId,
      orderId: row.id,
      merchantId: row.merchantId,
      mode: row.mode,
      amount,
      currency: row.currency,
      reason: options.reason ?? null,
      status: 'succeeded',
      transferId,
      providerRefundId,
      createdAt: now,
      updatedAt: now,
    });
    const total = refunded + amount;
    const next = await transitionOrder({
      tx,
      row,
      to: total === captured ? 'refunded' : 'partially_refunded',
      set: { refundedAmount: total },
      ipnUrl: await ipnUrlOf(services, row.merchantId),
      ipnRetryWindowMs: services.config.ipnRetryWindowMs,
      now,
    });
    if (!next) throw orderBusy();
    await outbox.append({
      tx,
      type: 'order.refund_changed',
      aggregateId: row.id,
      payload: {
        refundId,
        orderId: row.id,
        merchantId: row.merchantId,
        amount,
        currency: row.currency,
        status: 'succeeded',
      },
      occurredAt: now,
    });
    const [saved] = await tx.select().from(refunds).where(eq(refunds.id, refundId));
    if (!saved) throw new Error('refund vanished');
    return toRefund(saved);
  } finally {
    await lock.release().catch(() => false);
  }
}

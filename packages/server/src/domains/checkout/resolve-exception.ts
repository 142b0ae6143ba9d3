import { and, eq } from 'drizzle-orm';
import { type Page, type PageRequest, type PageTotal, pageOf } from '../../db/paginate.js';
import { orderExceptions, providerPayments } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { withLock } from '../../infra/locks.js';
import { createTransfer } from '../ledger/index.js';
import { getDisplayNames } from '../merchants/display-names.js';
import { findLiveOrder } from '../orders/order-record.js';
import { providerHolding } from '../providers/assert-provider-serves.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { applyOutcome } from './complete-payment.js';
import { computeFee } from './compute-fee.js';
import { moveMoney } from './move-money.js';
import { orderBusy } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';
import { recordExceptionResolution } from './record-exception-resolution.js';

export type OrderException = {
  id: string;
  orderId: string;
  merchantId: string;
  kind: 'late_success';
  amount: number;
  currency: string;
  status: 'open' | 'refunded' | 'honoured';
  resolvedBy: string | null;
  resolvedAt: string | null;
  note: string | null;
  createdAt: string;
};

function toException(row: typeof orderExceptions.$inferSelect): OrderException {
  return {
    id: row.id,
    orderId: row.orderId,
    merchantId: row.merchantId,
    kind: row.kind,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}

export const EXCEPTION_SORT_FIELDS = ['createdAt', 'amount'] as const;

/** The exception queue for the portal: by status and merchant, paginated. */
export async function listExceptions(options: {
  services: PaymentServices;
  status?: 'open' | 'refunded' | 'honoured' | undefined;
  merchantId?: string | undefined;
  page: PageRequest<(typeof EXCEPTION_SORT_FIELDS)[number]>;
}): Promise<Page<OrderException & { merchantName: string }> & PageTotal> {
  const { rows, nextCursor, total, totalCapped } = await pageOf({
    count: true,
    db: options.services.db,
    table: orderExceptions,
    where: [
      options.status ? eq(orderExceptions.status, options.status) : undefined,
      options.merchantId ? eq(orderExceptions.merchantId, options.merchantId) : undefined,
    ],
    page: options.page,
    map: (row) => toException(row as typeof orderExceptions.$inferSelect),
  });
  const names = await getDisplayNames({
    db: options.services.db,
    merchantIds: rows.map((r) => r.merchantId),
  });
  return {
    items: rows.map((r) => ({
      ...r,
      merchantName: names.merchants.get(r.merchantId) ?? r.merchantId,
    })),
    nextCursor,
    total,
    totalCapped,
  };
}

/**
 * Resolves an exception-queue entry (money that arrived for an order that had ended):
 * - `refund`: the provider gives the shopper the money back; suspense -> provider clearing.
 * - `honour`: the payment stands; suspense -> merchant (less the platform fee) and a timed-out
 *   order becomes `checkout_success` (with its IPN).
 * Each step is keyed by the exception, so a retry after a crash repeats nothing. Audited. The
 * exception closes in one transaction with the decision written on its order
 * (`exceptionResolution`), the `order.exception_resolved` event and the merchant's IPN.
 */
export async function resolveException(options: {
  services: PaymentServices;
  actor: Actor;
  exceptionId: string;
  action: 'refund' | 'honour';
  note?: string | undefined;
}): Promise<OrderException> {
  const { services, actor } = options;
  return withLock(
    { redis: services.redis, key: `exception:${options.exceptionId}`, ttlMs: 60_000 },
    async () => {
      const [entry] = await services.db
        .select()
        .from(orderExceptions)
        .where(eq(orderExceptions.id, options.exceptionId));
      if (!entry) throw new AppError('exception_not_found');
      if (entry.status !== 'open') {
        throw new AppError('exception_resolved', {
          message: `This exception was already ${entry.status}.`,
        });
      }
      const [payment] = await services.db
        .select()
        .from(providerPayments)
        .where(eq(providerPayments.id, entry.providerPaymentId));
      if (!payment)
        throw new AppError('internal_error', { internalMessage: 'exception without payment' });
      const amount = Number(entry.amount);
      const { currency, mode } = entry;
      const suspense = await services.accounts.platform('suspense', currency, mode);
      let transferId: string;
      if (options.action === 'refund') {
        if (!payment.providerRef) throw new AppError('provider_unknown');
        const adapter = providerHolding({
          providers: services.providers,
          name: payment.provider,
          mode,
        });
        const result = await adapter.refund({
          providerRef: payment.providerRef,
          refundId: entry.id,
          amount,
          currency,
        });
        if (result.status !== 'succeeded') {
          throw new AppError('provider_declined', {
            details: { failureCode: result.failureCode ?? 'declined' },
          });
        }
        const clearing = await services.accounts.providerClearing(payment.provider, currency, mode);
        const { transfer } = await createTransfer({
          writer: services.ledger,
          idempotencyKey: `exc:${entry.id}:refund`,
          debitAccountId: suspense,
          creditAccountId: clearing,
          amount,
          currency,
          kind: 'refund',
          reference: entry.orderId,
        });
        transferId = transfer.id;
      } else {
        const merchant = await services.merchants.get(entry.merchantId);
        const [merchantAccount, fees] = await Promise.all([
          services.accounts.merchantBalance(entry.merchantId, currency, mode),
          services.accounts.platform('platform_fees', currency, mode),
        ]);
        const fee = computeFee(amount, merchant?.feeBps ?? 0);
        const honourKey = `exc:${entry.id}:honour`;
        const honoured = await moveMoney({
          writer: services.ledger,
          main: honourKey,
          legs: [
            {
              idempotencyKey: honourKey,
              debitAccountId: suspense,
              creditAccountId: merchantAccount,
              amount,
              currency,
              kind: 'payment',
              reference: entry.orderId,
            },
            {
              idempotencyKey: `exc:${entry.id}:honour-fee`,
              debitAccountId: merchantAccount,
              creditAccountId: fees,
              amount: fee,
              currency,
              kind: 'fee',
              reference: entry.orderId,
            },
          ],
        });
        transferId = honoured.id;
        await withLock(
          {
            redis: services.redis,
            key: `order:${entry.orderId}`,
            ttlMs: services.config.lockTtlMs,
          },
          async () => {
            const row = await findLiveOrder({ db: services.db, orderId: entry.orderId });
            if (row?.status === 'exception_checkout') {
              const next = await applyOutcome({
                services,
                row,
                to: 'checkout_success',
                set: {
                  paymentMethod: 'provider',
                  providerPaymentId: payment.id,
                  transferId,
                  capturedAmount: amount,
                  feeAmount: fee,
                  failureCode: null,
                },
              });
              if (!next) throw orderBusy();
            }
          },
          () => {
            throw orderBusy();
          },
        );
      }
      const status = options.action === 'refund' ? 'refunded' : 'honoured';
      await services.db.transaction(async (tx) => {
        const [closed] = await tx
          .update(orderExceptions)
          .set({
            status,
            resolutionTransferId: transferId,
            resolvedBy: actor.id,
            resolvedAt: new Date(),
            note: options.note ?? null,
          })
          .where(and(eq(orderExceptions.id, entry.id), eq(orderExceptions.status, 'open')));
        // Closed meanwhile by another process (its lock expired under a long provider call):
        // the money moved once (keyed), and the decision is told once.
        if (closed.affectedRows !== 1) {
          throw new AppError('exception_resolved', {
            message: 'This exception was already resolved.',
          });
        }
        // The merchant and the shopper learn the final word with the decision itself.
        await recordExceptionResolution({
          tx,
          orderId: entry.orderId,
          exceptionId: entry.id,
          resolution: status,
          ipnRetryWindowMs: services.config.ipnRetryWindowMs,
        });
        await recordAudit({
          tx,
          actor,
          action: `exception.${options.action}`,
          targetType: 'order_exception',
          targetId: entry.id,
          merchantId: entry.merchantId,
          after: { status, transferId },
        });
      });
      services.wakeIpn();
      const [saved] = await services.db
        .select()
        .from(orderExceptions)
        .where(eq(orderExceptions.id, entry.id));
      if (!saved) throw new Error('exception vanished');
      return toException(saved);
    },
    () => {
      throw new AppError('conflict', { message: 'Someone is resolving this exception right now.' });
    },
  );
}

import { and, desc, eq } from 'drizzle-orm';
import { type RiskHoldStatus, riskHolds } from '../../db/schema/index.js';
import { AppError, isAppError } from '../../errors.js';
import { withLock } from '../../infra/locks.js';
import { applyOutcome } from '../checkout/complete-payment.js';
import { computeFee } from '../checkout/compute-fee.js';
import { feeKey } from '../checkout/expire-order.js';
import { orderBusy } from '../checkout/order-for-token.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { createTransfer, postTransfer, voidTransfer } from '../ledger/index.js';
import { findLiveOrder } from '../orders/order-record.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { riskKeys } from './feature-store.js';

export type RiskHold = {
  orderId: string;
  decisionId: string;
  transferId: string;
  merchantId: string;
  shopperId: string;
  amount: number;
  currency: string;
  status: RiskHoldStatus;
  resolvedBy: string | null;
  resolvedAt: string | null;
  note: string | null;
  createdAt: string;
};

function toHold(row: typeof riskHolds.$inferSelect): RiskHold {
  return {
    orderId: row.orderId,
    decisionId: row.decisionId,
    transferId: row.transferId,
    merchantId: row.merchantId,
    shopperId: row.shopperId,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listRiskHolds(options: {
  services: PaymentServices;
  status?: RiskHoldStatus | undefined;
  limit: number;
}): Promise<RiskHold[]> {
  const rows = await options.services.db
    .select()
    .from(riskHolds)
    .where(options.status ? eq(riskHolds.status, options.status) : undefined)
    .orderBy(desc(riskHolds.createdAt))
    .limit(options.limit);
  return rows.map(toHold);
}

/** Ledger refusals that mean the reservation is gone (voided, or timed out with the order). */
const GONE = new Set(['transfer_already_voided', 'transfer_expired']);

/**
 * An admin's decision on a held payment:
 * - `release`: the pending transfer is posted (money moves to the merchant), the platform fee
 *   is taken, the order becomes `checkout_success` (with its IPN).
 * - `void`: the reservation is released (nothing moves) and the order becomes
 *   `reject_risk_service` with the code `risk_review_declined`.
 * A hold whose order ended meanwhile (it expired, so its reservation was voided) is marked
 * `expired` and nothing moves. Each step is idempotent, so a retry after a crash completes what was
 * started; audited with the hold's before and after.
 */
export async function resolveRiskHold(options: {
  services: PaymentServices;
  actor: Actor;
  orderId: string;
  action: 'release' | 'void';
  note?: string | undefined;
}): Promise<RiskHold> {
  const { services, actor, orderId } = options;
  return withLock(
    { redis: services.redis, key: `order:${orderId}`, ttlMs: services.config.lockTtlMs },
    async () => {
      const [hold] = await services.db
        .select()
        .from(riskHolds)
        .where(eq(riskHolds.orderId, orderId));
      if (!hold) throw new AppError('risk_hold_not_found');
      if (hold.status !== 'held') {
        throw new AppError('risk_hold_resolved', {
          message: `This hold was already ${hold.status}.`,
        });
      }
      const row = await findLiveOrder({ db: services.db, orderId });
      let status: RiskHoldStatus;
      if (row && row.status !== 'created' && row.transferId === hold.transferId) {
        // A release that died after posting, completed meanwhile by expiry or the stuck checker.
        status = 'released';
      } else if (
        row?.status === 'reject_risk_service' &&
        row.failureCode === 'risk_review_declined'
      ) {
        // A void that died before it was recorded on the hold.
        status = 'voided';
      } else if (row?.status !== 'created') {
        await voidTransfer({ writer: services.ledger, transferId: hold.transferId }).catch(
          (error: unknown) => {
            if (
              !(
                isAppError(error) &&
                (GONE.has(error.code) || error.code === 'transfer_not_pending')
              )
            ) {
              throw error;
            }
          },
        );
        status = 'expired';
      } else if (options.action === 'release') {
        let posted = true;
        try {
          await postTransfer({ writer: services.ledger, transferId: hold.transferId });
        } catch (error) {
          if (isAppError(error) && GONE.has(error.code)) posted = false;
          else if (!(isAppError(error) && error.code === 'transfer_already_posted')) throw error;
        }
        if (posted) {
          const merchant = await services.merchants.get(hold.merchantId);
          const amount = Number(hold.amount);
          const fee = computeFee(amount, merchant?.feeBps ?? 0);
          if (fee > 0) {
            const [merchantAccount, fees] = await Promise.all([
              services.accounts.merchantBalance(hold.merchantId, hold.currency, hold.mode),
              services.accounts.platform('platform_fees', hold.currency, hold.mode),
            ]);
            await createTransfer({
              writer: services.ledger,
              idempotencyKey: feeKey(orderId),
              debitAccountId: merchantAccount,
              creditAccountId: fees,
              amount: fee,
              currency: hold.currency,
              kind: 'fee',
              reference: orderId,
            });
          }
          const next = await applyOutcome({
            services,
            row,
            to: 'checkout_success',
            set: {
              paymentMethod: 'wallet',
              shopperId: hold.shopperId,
              transferId: hold.transferId,
              capturedAmount: amount,
              feeAmount: fee,
            },
          });
          if (!next) throw orderBusy();
          status = 'released';
        } else {
          status = 'expired';
        }
      } else {
        await voidTransfer({ writer: services.ledger, transferId: hold.transferId }).catch(
          (error: unknown) => {
            if (!(isAppError(error) && GONE.has(error.code))) throw error;
          },
        );
        const next = await applyOutcome({
          services,
          row,
          to: 'reject_risk_service',
          set: {
            paymentMethod: 'wallet',
            shopperId: hold.shopperId,
            failureCode: 'risk_review_declined',
          },
        });
        if (!next) throw orderBusy();
        status = 'voided';
      }
      await services.db.transaction(async (tx) => {
        await tx
          .update(riskHolds)
          .set({
            status,
            resolvedBy: actor.id,
            resolvedAt: new Date(),
            note: options.note ?? null,
          })
          .where(and(eq(riskHolds.orderId, orderId), eq(riskHolds.status, 'held')));
        await recordAudit({
          tx,
          actor,
          action: `risk.hold.${options.action}`,
          targetType: 'order',
          targetId: orderId,
          merchantId: hold.merchantId,
          before: { status: hold.status },
          after: { status },
        });
      });
      await services.redis.del(riskKeys.hold(orderId));
      const [saved] = await services.db
        .select()
        .from(riskHolds)
        .where(eq(riskHolds.orderId, orderId));
      if (!saved) throw new Error('risk hold vanished');
      return toHold(saved);
    },
    () => {
      throw orderBusy();
    },
  );
}

import { and, eq, inArray, or } from 'drizzle-orm';
import { isDuplicateKey } from '../../db/errors.js';
import { orderExceptions, providerPayments } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import { withLock } from '../../infra/locks.js';
import { createTransfer } from '../ledger/index.js';
import { findLiveOrder, type OrderRow } from '../orders/order-record.js';
import { trackStatus } from '../orders/order-tracking.js';
import { transitionOrder } from '../orders/transition-order.js';
import { providerHolding } from '../providers/assert-provider-serves.js';
import { computeFee } from './compute-fee.js';
import { expireOrder } from './expire-order.js';
import { findTransferByKey } from './find-transfer-by-key.js';
import { moveMoney } from './move-money.js';
import { orderBusy } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';
import {
  failedWithoutAnswer,
  recordFailedAttempt,
  START_FAILURE_CODES,
} from './record-failed-attempt.js';

type Payment = typeof providerPayments.$inferSelect;

export type ProviderOutcome = {
  paymentId: string;
  providerRef: string;
  status: 'succeeded' | 'failed';
  amount: number;
  currency: string;
  failureCode?: string | undefined;
  /** Brand and last four digits of the card that paid, for the receipt. */
  card?: { brand: string; last4: string } | undefined;
};

/**
 * Whether this answer still has something to settle: an open payment, or a success for a payment
 * we counted as failed because its start got no answer (the provider took it after all).
 */
function settleable(payment: Payment, outcome: ProviderOutcome): boolean {
  if (payment.status === 'created') return true;
  return outcome.status === 'succeeded' && failedWithoutAnswer(payment);
}

/** The same test in SQL, for the guarded status writes. */
const stillSettleable = or(
  eq(providerPayments.status, 'created'),
  and(
    eq(providerPayments.status, 'failed'),
    inArray(providerPayments.failureCode, [...START_FAILURE_CODES]),
  ),
);

const captureKey = (p: Payment) => `pp:${p.id}:capture`;
const feeKey = (p: Payment) => `pp:${p.id}:fee`;

/** provider clearing -> merchant (and the fee leg): the order's money arrives. */
async function capture(
  services: PaymentServices,
  payment: Payment,
  row: OrderRow,
  feeBps: number,
): Promise<{ transferId: string; fee: number }> {
  const amount = Number(payment.amount);
  const { currency, mode } = row;
  const [clearing, merchant, fees] = await Promise.all([
    services.accounts.providerClearing(payment.provider, currency, mode),
    services.accounts.merchantBalance(row.merchantId, currency, mode),
    services.accounts.platform('platform_fees', currency, mode),
  ]);
  const fee = computeFee(amount, feeBps);
  const transfer = await moveMoney({
    writer: services.ledger,
    main: captureKey(payment),
    legs: [
      {
        idempotencyKey: captureKey(payment),
        debitAccountId: clearing,
        creditAccountId: merchant,
        amount,
        currency,
        kind: 'payment',
        reference: row.id,
      },
      {
        idempotencyKey: feeKey(payment),
        debitAccountId: merchant,
        creditAccountId: fees,
        amount: fee,
        currency,
        kind: 'fee',
        reference: row.id,
      },
    ],
  });
  return { transferId: transfer.id, fee };
}

/**
 * Money that arrived for an order that can no longer take it (timed out, or already paid another
 * way): parked in suspense and queued as an exception for an admin to refund or honour. If it had
 * already reached the merchant (a capture that lost its race), it is taken back from there.
 */
async function park(services: PaymentServices, payment: Payment, row: OrderRow): Promise<void> {
  const amount = Number(payment.amount);
  const { currency, mode } = row;
  const suspense = await services.accounts.platform('suspense', currency, mode);
  const captured = await findTransferByKey({ db: services.db, key: captureKey(payment) });
  let holdTransferId: string;
  if (captured) {
    const [merchant, fees] = await Promise.all([
      services.accounts.merchantBalance(row.merchantId, currency, mode),
      services.accounts.platform('platform_fees', currency, mode),
    ]);
    const fee = await findTransferByKey({ db: services.db, key: feeKey(payment) });
    const reclaimKey = `pp:${payment.id}:reclaim`;
    // The fee goes back to the merchant first, so the merchant can always return the whole amount.
    const reclaimed = await moveMoney({
      writer: services.ledger,
      main: reclaimKey,
      legs: [
        {
          idempotencyKey: `pp:${payment.id}:reclaim-fee`,
          debitAccountId: fees,
          creditAccountId: merchant,
          amount: fee?.amount ?? 0,
          currency,
          kind: 'fee',
          reference: row.id,
        },
        {
          idempotencyKey: reclaimKey,
          debitAccountId: merchant,
          creditAccountId: suspense,
          amount,
          currency,
          kind: 'adjustment',
          reference: row.id,
        },
      ],
    });
    holdTransferId = reclaimed.id;
  } else {
    const clearing = await services.accounts.providerClearing(payment.provider, currency, mode);
    const { transfer } = await createTransfer({
      writer: services.ledger,
      idempotencyKey: `pp:${payment.id}:hold`,
      debitAccountId: clearing,
      creditAccountId: suspense,
      amount,
      currency,
      kind: 'adjustment',
      reference: row.id,
    });
    holdTransferId = transfer.id;
  }
  const next = await services.db.transaction(async (tx) => {
    await tx
      .update(providerPayments)
      // The answer came: a "no answer" flag the stuck checker set is no longer true.
      .set({
        status: 'succeeded',
        providerRef: payment.providerRef,
        settledAt: new Date(),
        updatedAt: new Date(),
        flaggedAt: null,
      })
      .where(and(eq(providerPayments.id, payment.id), stillSettleable));
    try {
      await tx.insert(orderExceptions).values({
        id: newId('exc'),
        orderId: row.id,
        merchantId: row.merchantId,
        mode: row.mode,
        kind: 'late_success',
        providerPaymentId: payment.id,
        amount,
        currency,
        holdTransferId,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // A late success turns a timed-out order into an exception (no success event); an order paid
    // some other way keeps its status, the duplicate money waits in the queue.
    if (row.status !== 'timeout') return row;
    return transitionOrder({
      tx,
      row,
      to: 'exception_checkout',
      set: { providerPaymentId: payment.id, failureCode: 'late_success' },
      ipnRetryWindowMs: services.config.ipnRetryWindowMs,
    });
  });
  if (!next) throw orderBusy();
  await trackStatus({ redis: services.redis, orderId: row.id, status: next.status }).catch(
    () => undefined,
  );
}

/**
 * Applies a provider's answer about an order payment, whichever way it came (notification,
 * redirect, status query) and however often: the first settles it, the rest find it settled.
 * Success before expiry pays the order; a failure is a failed attempt (the order stays payable
 * until the merchant's limit of failures, then `error_checkout`); success after the order ended
 * is an exception (`exception_checkout`, money parked in suspense). A success for a payment we
 * counted as failed because its start got no answer (`provider_timeout`, `provider_error`) is
 * still applied: the provider took the money after all, so it pays the order if the order is
 * still open, and is parked like any late success if the order was paid another way or ended.
 */
export async function settleProviderPayment(options: {
  services: PaymentServices;
  outcome: ProviderOutcome;
}): Promise<'applied' | 'duplicate'> {
  const { services, outcome } = options;
  const [payment] = await services.db
    .select()
    .from(providerPayments)
    .where(eq(providerPayments.id, outcome.paymentId));
  if (!payment || (payment.providerRef && payment.providerRef !== outcome.providerRef)) {
    throw new AppError('provider_payload_invalid', {
      message: 'Unknown payment.',
      internalMessage: `notification for unknown payment ${outcome.paymentId}`,
    });
  }
  if (Number(payment.amount) !== outcome.amount || payment.currency !== outcome.currency) {
    throw new AppError('provider_payload_invalid', {
      message: 'The amount or currency differs from the payment.',
      internalMessage: `payment ${payment.id}: provider says ${outcome.amount} ${outcome.currency}`,
    });
  }
  if (!settleable(payment, outcome) || !payment.orderId) return 'duplicate';
  // However the answer came (notification, query, stuck checker): money of a mode its provider
  // does not serve (a row from before modes were checked) never reaches a balance.
  providerHolding({ providers: services.providers, name: payment.provider, mode: payment.mode });
  const orderId = payment.orderId;
  return withLock(
    { redis: services.redis, key: `order:${orderId}`, ttlMs: services.config.lockTtlMs },
    async () => {
      const [found] = await services.db
        .select()
        .from(providerPayments)
        .where(eq(providerPayments.id, payment.id));
      if (!found || !settleable(found, outcome)) return 'duplicate';
      // A payment whose start got no answer learns its reference from this answer.
      const fresh = { ...found, providerRef: found.providerRef ?? outcome.providerRef };
      let row = await findLiveOrder({ db: services.db, orderId });
      if (!row) throw new AppError('order_not_found');
      if (outcome.status === 'failed') {
        // An attempt, not the end: the order stays payable until the merchant's limit.
        const recorded = await recordFailedAttempt({
          services,
          row,
          payment: fresh,
          failureCode: outcome.failureCode ?? 'declined',
        });
        return recorded === 'duplicate' ? 'duplicate' : 'applied';
      }
      if (row.status === 'created' && row.expiresAt <= new Date()) {
        row = await expireOrder({ services, row });
      }
      if (row.status !== 'created') {
        await park(services, fresh, row);
        return 'applied';
      }
      const merchant = await services.merchants.get(row.merchantId);
      const { transferId, fee } = await capture(services, fresh, row, merchant?.feeBps ?? 0);
      const current = row;
      const next = await services.db.transaction(async (tx) => {
        await tx
          .update(providerPayments)
          // The answer came: a "no answer" flag the stuck checker set is no longer true.
          .set({
            status: 'succeeded',
            providerRef: fresh.providerRef,
            settledAt: new Date(),
            updatedAt: new Date(),
            flaggedAt: null,
            ...(outcome.card
              ? {
                  providerData: {
                    ...fresh.providerData,
                    card: { brand: outcome.card.brand, last4: outcome.card.last4 },
                  },
                }
              : {}),
          })
          .where(eq(providerPayments.id, fresh.id));
        const moved = await transitionOrder({
          tx,
          row: current,
          to: 'checkout_success',
          set: {
            paymentMethod: 'provider',
            providerPaymentId: fresh.id,
            shopperId: fresh.userId,
            transferId,
            capturedAmount: Number(fresh.amount),
            feeAmount: fee,
          },
          ipnRetryWindowMs: services.config.ipnRetryWindowMs,
        });
        // Lost the fence: roll back the status writes; the retry takes the exception path and
        // takes the captured money back from the merchant.
        if (!moved) throw orderBusy();
        return moved;
      });
      await trackStatus({ redis: services.redis, orderId, status: next.status }).catch(
        () => undefined,
      );
      return 'applied';
    },
    () => {
      throw orderBusy();
    },
  );
}

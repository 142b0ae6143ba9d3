import { and, count, eq, sql } from 'drizzle-orm';
import { affectedRows } from '../../db/errors.js';
import { orders, providerPayments } from '../../db/schema/index.js';
import { outbox } from '../../events/index.js';
import { type OrderRow, toOrder } from '../orders/order-record.js';
import { trackStatus } from '../orders/order-tracking.js';
import { transitionOrder } from '../orders/transition-order.js';
import { publishEvent } from '../webhooks/publish-event.js';
import { orderBusy } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';

/** The limit when a merchant has none recorded (the column's default too). */
export const DEFAULT_MAX_FAILED_ATTEMPTS = 5;

type Payment = typeof providerPayments.$inferSelect;

/**
 * The failed attempts of a payment that did not start: the provider did not answer in time
 * (`provider_timeout`) or answered an error (`provider_error`). Counted like a decline, but the
 * provider may still have taken the payment, so a success that arrives later is still applied
 * (see settleProviderPayment); a decline's failure is final.
 */
export const START_FAILURE_CODES = ['provider_timeout', 'provider_error'] as const;
export type StartFailureCode = (typeof START_FAILURE_CODES)[number];

/** A payment whose failure we inferred (no answer), not one the provider told us of. */
export function failedWithoutAnswer(payment: Pick<Payment, 'status' | 'failureCode'>): boolean {
  return (
    payment.status === 'failed' &&
    (START_FAILURE_CODES as readonly string[]).includes(payment.failureCode ?? '')
  );
}

/**
 * Records a failed payment attempt (a decline, a provider error) on an order, in one
 * transaction: the payment is marked failed, the merchant hears of it (`order.payment_failed`
 * event and IPN, with the failure code), and the order stays payable by another card, the wallet
 * or another provider, unless this was the merchant's last allowed failure: then the order ends
 * as `error_checkout` (its usual event and IPN) in the same transaction. The caller holds the
 * order's lock; the order's version fences the write all the same. A payment already settled is
 * left alone (`'duplicate'`), so a repeated notification counts once.
 */
export async function recordFailedAttempt(options: {
  services: PaymentServices;
  row: OrderRow;
  payment: Payment;
  failureCode: string;
  now?: Date;
}): Promise<'duplicate' | OrderRow> {
  const { services, row, payment, failureCode } = options;
  const now = options.now ?? new Date();
  const merchant = await services.merchants.get(row.merchantId);
  const maxFailedAttempts = merchant?.maxFailedAttempts ?? DEFAULT_MAX_FAILED_ATTEMPTS;
  const ipnRetryWindowMs = services.config.ipnRetryWindowMs;
  const result = await services.db.transaction(async (tx) => {
    // The answer came: a "no answer" flag the stuck checker set is no longer true.
    const marked = await tx
      .update(providerPayments)
      .set({ status: 'failed', failureCode, settledAt: now, updatedAt: now, flaggedAt: null })
      .where(and(eq(providerPayments.id, payment.id), eq(providerPayments.status, 'created')));
    if (affectedRows(marked) !== 1) return 'duplicate' as const;
    // An order that already ended (paid another way, timed out) has nothing left to fail.
    if (row.status !== 'created') return row;
    const [counted] = await tx
      .select({ failed: count() })
      .from(providerPayments)
      .where(
        and(
          eq(providerPayments.orderId, row.id),
          eq(providerPayments.purpose, 'order'),
          eq(providerPayments.status, 'failed'),
        ),
      );
    const attempt = Number(counted?.failed ?? 1);
    const final = attempt >= maxFailedAttempts;
    // Not a status change, but it is news for the merchant: the order's IPN counter moves, and
    // the version with it, so a rival writer holding the old version cannot slip in between.
    const bumped = await tx
      .update(orders)
      .set({
        failureCode,
        version: sql`${orders.version} + 1`,
        ipnSeq: sql`${orders.ipnSeq} + 1`,
        updatedAt: now,
      })
      .where(and(eq(orders.id, row.id), eq(orders.version, row.version)));
    if (affectedRows(bumped) !== 1) throw orderBusy();
    let current: OrderRow = {
      ...row,
      failureCode,
      version: row.version + 1,
      ipnSeq: row.ipnSeq + 1,
      updatedAt: now,
    };
    await outbox.append({
      tx,
      type: 'order.payment_failed',
      aggregateId: row.id,
      payload: {
        orderId: row.id,
        merchantId: row.merchantId,
        mode: row.mode,
        paymentId: payment.id,
        provider: payment.provider,
        failureCode,
        attempt,
        maxFailedAttempts,
        final,
        amount: Number(row.amount),
        currency: row.currency,
      },
      occurredAt: now,
    });
    await publishEvent({
      tx,
      merchantId: row.merchantId,
      mode: row.mode,
      orderId: row.id,
      seq: current.ipnSeq,
      type: 'order.payment_failed',
      data: { order: toOrder(current) },
      now,
      retryWindowMs: ipnRetryWindowMs,
    });
    if (final) {
      const ended = await transitionOrder({
        tx,
        row: current,
        to: 'error_checkout',
        set: { paymentMethod: 'provider', failureCode, shopperId: payment.userId },
        ipnRetryWindowMs,
        now,
      });
      if (!ended) throw orderBusy();
      current = ended;
    }
    return current;
  });
  if (result === 'duplicate') return result;
  services.wakeIpn();
  if (result.status !== row.status) {
    await trackStatus({ redis: services.redis, orderId: row.id, status: result.status }).catch(
      (error: unknown) => services.logger.warn({ err: error, orderId: row.id }, 'redis mirror'),
    );
  }
  return result;
}

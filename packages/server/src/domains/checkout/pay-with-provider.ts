import { and, eq } from 'drizzle-orm';
import { orders, providerPayments } from '../../db/schema/index.js';
import { AppError, isAppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import { withLock } from '../../infra/locks.js';
import { assertProviderServes } from '../providers/assert-provider-serves.js';
import { providerForNewPayment } from '../providers/provider-record.js';
import { assertNotInMaintenance } from '../settings/check-maintenance.js';
import { checkoutView } from './checkout-view.js';
import { applyOutcome, reload } from './complete-payment.js';
import { expireOrder } from './expire-order.js';
import { claimsOf, orderBusy, orderForClaims } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';
import { recordFailedAttempt, type StartFailureCode } from './record-failed-attempt.js';

export type ProviderRedirect = {
  /**
   * The provider's page the shopper must go to; null when the order is already final or the
   * payment could not start (then `failureCode` says why).
   */
  redirectUrl: string | null;
  paymentId: string | null;
  /**
   * Set when the provider failed to start the payment: `provider_timeout` (no answer in time) or
   * `provider_error` (it answered an error, or could not be reached). A failed attempt like a
   * decline: the order stays payable, unless this was the merchant's last allowed failure.
   */
  failureCode: StartFailureCode | null;
  view: Awaited<ReturnType<typeof checkoutView>>;
};

/**
 * What a refused or unanswered "start a payment" call makes of the attempt. Only the provider's
 * own failures count: anything else (a bug of ours, the database) is not the shopper's attempt
 * and is thrown as it is. A timeout is its own code because the provider may have acted on the
 * request (see settleProviderPayment: a success that still arrives is applied, or parked).
 */
function startFailureOf(error: unknown): StartFailureCode | null {
  if (!isAppError(error) || !error.code.startsWith('provider_')) return null;
  if (error.code === 'provider_unavailable' && error.details?.reason === 'timeout') {
    return 'provider_timeout';
  }
  return 'provider_error';
}

/**
 * Starts paying an order at an external provider: the shopper goes to the provider's page and
 * comes back to the checkout; the outcome arrives by the provider's signed notification (or a
 * status query when none comes). Guests may pay this way; a logged-in shopper is recorded.
 */
export async function payWithProvider(options: {
  services: PaymentServices;
  token: string;
  provider: string;
  shopperId: string | null;
  ip: string;
}): Promise<ProviderRedirect> {
  const { services } = options;
  const adapter = await providerForNewPayment({
    providers: services.providers,
    gate: services.providerGate,
    name: options.provider,
    // The order's mode is known once it is loaded, under its lock: checked there.
    mode: undefined,
  });
  const claims = await claimsOf(services, options.token);
  await assertNotInMaintenance({ settings: services.settings });
  return withLock(
    { redis: services.redis, key: `order:${claims.orderId}`, ttlMs: services.config.lockTtlMs },
    async () => {
      let { row, archived } = await orderForClaims({ services, claims });
      if (!archived && row.status === 'created' && row.expiresAt <= new Date()) {
        row = await expireOrder({ services, row });
      }
      if (archived || row.status !== 'created') {
        return {
          redirectUrl: null,
          paymentId: null,
          failureCode: null,
          view: await checkoutView({ services, row }),
        };
      }
      // A live order is never paid with test money (the sandbox's cards), nor a test order with
      // live money: refused before the risk check, the payment row or the provider call.
      assertProviderServes({ adapter, mode: row.mode });
      const merchant = await services.merchants.get(row.merchantId);
      if (merchant?.status !== 'active') throw new AppError('merchant_inactive');
      const risk = await services.risk.assess({
        orderId: row.id,
        merchantId: row.merchantId,
        amount: Number(row.amount),
        currency: row.currency,
        method: 'provider',
        shopperId: options.shopperId,
        ip: options.ip,
      });
      if (risk.decision === 'reject') {
        const next = await applyOutcome({
          services,
          row,
          to: 'reject_risk_service',
          set: { failureCode: risk.code, paymentMethod: 'provider', shopperId: options.shopperId },
        });
        const final = next ?? (await reload(services, row.id));
        return {
          redirectUrl: null,
          paymentId: null,
          failureCode: null,
          view: await checkoutView({ services, row: final }),
        };
      }
      if (risk.decision === 'review') {
        // A provider payment cannot be held here (the sandbox has no authorise-then-capture), so
        // nothing starts: the order stays payable, by wallet (which can be held) or later.
        throw new AppError('risk_review_required', {
          message: 'This payment needs a review: pay from your wallet, or contact the merchant.',
          details: { reasons: risk.reasons },
        });
      }
      const paymentId = newId('pp');
      await services.db.insert(providerPayments).values({
        id: paymentId,
        provider: adapter.name,
        purpose: 'order',
        orderId: row.id,
        userId: options.shopperId,
        merchantId: row.merchantId,
        mode: row.mode,
        amount: Number(row.amount),
        currency: row.currency,
      });
      let started: Awaited<ReturnType<typeof adapter.createPayment>>;
      try {
        started = await adapter.createPayment({
          paymentId,
          amount: Number(row.amount),
          currency: row.currency,
          description: row.description ?? undefined,
          mode: row.mode,
          returnUrl: `${services.config.checkoutUrl}/pay/${options.token}`,
          notifyUrl: `${services.config.apiUrl}/providers/${adapter.name}/notify`,
        });
      } catch (error) {
        const failureCode = startFailureOf(error);
        if (!failureCode) throw error;
        services.logger.warn(
          { err: error, orderId: row.id, paymentId, failureCode },
          'provider payment did not start: a failed attempt',
        );
        // The order's row may have moved while the provider was silent (a notification of an
        // earlier attempt): the attempt is recorded on the current one, under the same lock.
        const current = await reload(services, row.id);
        const [payment] = await services.db
          .select()
          .from(providerPayments)
          .where(eq(providerPayments.id, paymentId));
        if (!payment) throw error;
        // The latest attempt, as for one that started (support, the admin's order page).
        await services.db
          .update(orders)
          .set({ providerPaymentId: paymentId })
          .where(and(eq(orders.id, row.id), eq(orders.status, 'created')));
        const recorded = await recordFailedAttempt({
          services,
          row: current,
          payment,
          failureCode,
        });
        const after = recorded === 'duplicate' ? await reload(services, row.id) : recorded;
        return {
          redirectUrl: null,
          paymentId,
          failureCode,
          view: await checkoutView({ services, row: after }),
        };
      }
      await services.db
        .update(providerPayments)
        .set({ providerRef: started.providerRef, updatedAt: new Date() })
        .where(eq(providerPayments.id, paymentId));
      // The latest attempt, for support and the stuck checker; not a status change (no fence).
      await services.db
        .update(orders)
        .set({ providerPaymentId: paymentId })
        .where(and(eq(orders.id, row.id), eq(orders.status, 'created')));
      return {
        redirectUrl: started.redirectUrl,
        paymentId,
        failureCode: null,
        view: await checkoutView({ services, row }),
      };
    },
    () => {
      throw orderBusy();
    },
  );
}

import { and, eq } from 'drizzle-orm';
import { orders, providerPayments } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import { withLock } from '../../infra/locks.js';
import { providerForNewPayment } from '../providers/provider-record.js';
import { assertNotInMaintenance } from '../settings/check-maintenance.js';
import { checkoutView } from './checkout-view.js';
import { applyOutcome, reload } from './complete-payment.js';
import { expireOrder } from './expire-order.js';
import { claimsOf, orderBusy, orderForClaims } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';

export type ProviderRedirect = {
  /** The provider's page the shopper must go to; null when the order is already final. */
  redirectUrl: string | null;
  paymentId: string | null;
  view: Awaited<ReturnType<typeof checkoutView>>;
};

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
        return { redirectUrl: null, paymentId: null, view: await checkoutView({ services, row }) };
      }
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
      const started = await adapter.createPayment({
        paymentId,
        amount: Number(row.amount),
        currency: row.currency,
        description: row.description ?? undefined,
        mode: row.mode,
        returnUrl: `${services.config.checkoutUrl}/pay/${options.token}`,
        notifyUrl: `${services.config.apiUrl}/providers/${adapter.name}/notify`,
      });
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
        view: await checkoutView({ services, row }),
      };
    },
    () => {
      throw orderBusy();
    },
  );
}

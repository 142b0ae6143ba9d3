import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { affectedRows } from '../../db/errors.js';
import { providerPayments } from '../../db/schema/index.js';
import { isAppError } from '../../errors.js';
import type { CheckoutView } from './checkout-view.js';
import { openCheckout } from './open-checkout.js';
import { claimsOf, orderForClaims } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';
import { settleProviderPayment } from './settle-provider-payment.js';

/** A provider payment this young has not had the time to be notified: no query yet. */
const QUERY_AFTER_MS = 5_000;
/** At most one status query per payment per this long, however many pages poll. */
const QUERY_EVERY_MS = 5_000;

export type CheckoutPayment = {
  id: string;
  provider: string;
  status: 'created' | 'succeeded' | 'failed';
  failureCode: string | null;
};

/**
 * What the checkout's "waiting for the provider" page polls: the order's view and its latest
 * provider payment. When that payment has had no answer for a few seconds, the provider is
 * asked (at most once per few seconds per payment, across every poller) and a final answer is
 * settled exactly like a notification, so the page resolves even when the notification is lost.
 * A provider that keeps answering "pending" leaves the order open until it expires.
 */
export async function checkCheckoutPayment(options: {
  services: PaymentServices;
  token: string;
  now?: Date;
}): Promise<{ view: CheckoutView; payment: CheckoutPayment | null }> {
  const { services } = options;
  const now = options.now ?? new Date();
  const claims = await claimsOf(services, options.token);
  const { row } = await orderForClaims({ services, claims });
  if (row.providerPaymentId) {
    await queryIfSilent({ services, paymentId: row.providerPaymentId, now });
  }
  const view = await openCheckout({ services, token: options.token });
  const paymentId = row.providerPaymentId;
  if (!paymentId) return { view, payment: null };
  const [payment] = await services.db
    .select()
    .from(providerPayments)
    .where(eq(providerPayments.id, paymentId));
  return {
    view,
    payment: payment
      ? {
          id: payment.id,
          provider: payment.provider,
          status: payment.status,
          failureCode: payment.failureCode,
        }
      : null,
  };
}

async function queryIfSilent(options: {
  services: PaymentServices;
  paymentId: string;
  now: Date;
}): Promise<void> {
  const { services, paymentId, now } = options;
  const [payment] = await services.db
    .select()
    .from(providerPayments)
    .where(eq(providerPayments.id, paymentId));
  if (!payment?.providerRef || payment.status !== 'created') return;
  if (payment.createdAt.getTime() > now.getTime() - QUERY_AFTER_MS) return;
  const adapter = services.providers.get(payment.provider);
  // A payment of a mode its provider does not serve is never settled (see settleProviderPayment).
  if (!adapter?.modes.includes(payment.mode)) return;
  // Claim this round of querying: only the poller whose update matched asks the provider.
  const claimed = await services.db
    .update(providerPayments)
    .set({ lastQueriedAt: now })
    .where(
      and(
        eq(providerPayments.id, payment.id),
        eq(providerPayments.status, 'created'),
        or(
          isNull(providerPayments.lastQueriedAt),
          lt(providerPayments.lastQueriedAt, new Date(now.getTime() - QUERY_EVERY_MS)),
        ),
      ),
    );
  if (affectedRows(claimed) !== 1) return;
  try {
    const answer = await adapter.queryPayment({ providerRef: payment.providerRef });
    if (answer.status === 'pending') return;
    await settleProviderPayment({
      services,
      outcome: {
        paymentId: payment.id,
        providerRef: payment.providerRef,
        status: answer.status,
        amount: answer.amount,
        currency: answer.currency,
        failureCode: answer.failureCode,
        card: answer.card,
      },
    });
  } catch (error) {
    // The page polls again; a provider that is down or an order held by another request is not
    // the shopper's error. Anything else is.
    if (isAppError(error) && (error.status >= 500 || error.code === 'order_busy')) {
      services.logger.warn({ err: error, paymentId }, 'provider status query failed');
      return;
    }
    throw error;
  }
}

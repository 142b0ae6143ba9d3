import { withLock } from '../../infra/locks.js';
import { riskKeys } from '../risk/feature-store.js';
import { type CheckoutView, checkoutView } from './checkout-view.js';
import { expireOrder } from './expire-order.js';
import { claimsOf, orderForClaims } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';

/**
 * Opens a checkout by its token: a bad or altered token is refused (`error_signature`) and
 * changes nothing; an order past its expiry answers its final status (timing it out first if
 * the sweeper has not yet).
 */
export async function openCheckout(options: {
  services: PaymentServices;
  token: string;
}): Promise<CheckoutView> {
  const { services } = options;
  const claims = await claimsOf(services, options.token);
  let { row, archived } = await orderForClaims({ services, claims });
  if (!archived && row.status === 'created' && row.expiresAt <= new Date()) {
    row = await withLock(
      { redis: services.redis, key: `order:${row.id}`, ttlMs: services.config.lockTtlMs },
      async () => expireOrder({ services, row }),
      () => row,
    );
  }
  const view = await checkoutView({ services, row });
  // A wallet payment held for risk review: the shopper sees it is under review, not unpaid.
  if (row.status === 'created' && (await services.redis.exists(riskKeys.hold(row.id))) === 1) {
    return { ...view, underReview: true };
  }
  return view;
}

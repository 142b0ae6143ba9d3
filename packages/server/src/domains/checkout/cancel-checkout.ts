import { AppError } from '../../errors.js';
import { withLock } from '../../infra/locks.js';
import { riskKeys } from '../risk/feature-store.js';
import { type CheckoutView, checkoutView } from './checkout-view.js';
import { applyOutcome, reload } from './complete-payment.js';
import { expireOrder } from './expire-order.js';
import { claimsOf, orderBusy, orderForClaims } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';

/** The failure code of an order the shopper gave up on. */
export const SHOPPER_CANCELLED = 'shopper_cancelled';

/**
 * The shopper gives up on an open order ("Cancel and return to the shop"): it ends as
 * `error_checkout` (failure code `shopper_cancelled`) with its event and IPN, and the answer
 * carries the signed return URL. Under the order's lock and fenced by its version, so a payment
 * racing the cancel ends with exactly one of the two. A final order is answered as it is; a
 * wallet payment held for risk review cannot be abandoned (the money is reserved).
 */
export async function cancelCheckout(options: {
  services: PaymentServices;
  token: string;
  now?: Date;
}): Promise<CheckoutView> {
  const { services } = options;
  const now = options.now ?? new Date();
  const claims = await claimsOf(services, options.token);
  return withLock(
    { redis: services.redis, key: `order:${claims.orderId}`, ttlMs: services.config.lockTtlMs },
    async () => {
      let { row, archived } = await orderForClaims({ services, claims });
      if (!archived && row.status === 'created' && row.expiresAt <= now) {
        row = await expireOrder({ services, row, now });
      }
      if (archived || row.status !== 'created') return checkoutView({ services, row });
      if ((await services.redis.exists(riskKeys.hold(row.id))) === 1) {
        throw new AppError('risk_review_pending', {
          message: 'This payment is being reviewed and cannot be cancelled now.',
        });
      }
      const next = await applyOutcome({
        services,
        row,
        to: 'error_checkout',
        set: { failureCode: SHOPPER_CANCELLED },
        now,
      });
      return checkoutView({ services, row: next ?? (await reload(services, row.id)) });
    },
    () => {
      throw orderBusy();
    },
  );
}

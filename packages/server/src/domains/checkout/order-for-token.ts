import { AppError } from '../../errors.js';
import { findOrder, type OrderRow } from '../orders/order-record.js';
import { type CheckoutClaims, signatureError, verifyCheckoutToken } from './checkout-token.js';
import type { PaymentServices } from './payment-services.js';

export function orderBusy(): AppError {
  return new AppError('order_busy', {
    message: 'This order is being processed by another request; retry in a moment.',
    details: { retryAfterMs: 500 },
  });
}

/** Verifies a checkout token (signature only; expiry is the order's business). */
export function claimsOf(services: PaymentServices, token: string): Promise<CheckoutClaims> {
  return verifyCheckoutToken({ keys: services.keys, issuer: services.config.apiUrl, token });
}

/**
 * The order a verified token names. The token's amount, currency and merchant must be the
 * order's own: a token minted for different terms is as bad as a forged one. The token binds the
 * merchant's (gross) amount; a campaign discount applied at checkout lowers what is charged,
 * under the order's lock and version fence, never what the token says.
 */
export async function orderForClaims(options: {
  services: PaymentServices;
  claims: CheckoutClaims;
}): Promise<{ row: OrderRow; archived: boolean }> {
  const { services, claims } = options;
  const found = await findOrder({ db: services.db, orderId: claims.orderId });
  if (!found) throw signatureError(`token names unknown order ${claims.orderId}`);
  const { row } = found;
  if (
    row.merchantId !== claims.merchantId ||
    Number(row.grossAmount) !== claims.amount ||
    row.currency !== claims.currency
  ) {
    throw signatureError('token terms differ from the order');
  }
  return found;
}

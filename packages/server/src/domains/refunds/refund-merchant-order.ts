import type { PaymentServices } from '../checkout/payment-services.js';
import { getOrder } from '../orders/get-order.js';
import { createRefund, type Refund } from './create-refund.js';

/**
 * A refund asked for by the merchant's staff in the portal: the order (of either mode, but only
 * of this merchant: another merchant's order is `order_not_found`) is refunded in its own mode,
 * through the same path as the merchant API's refunds.create.
 */
export async function refundMerchantOrder(options: {
  services: PaymentServices;
  merchantId: string;
  orderId: string;
  amount?: number | undefined;
  reason?: string | undefined;
  idempotencyKey?: string | undefined;
}): Promise<Refund> {
  const order = await getOrder({
    db: options.services.db,
    merchantId: options.merchantId,
    orderId: options.orderId,
  });
  return createRefund({ ...options, mode: order.mode });
}

import type { Mode, OrderItem, OrderStatus } from '../../db/schema/index.js';
import type { OrderRow } from '../orders/order-record.js';
import type { PaymentServices } from './payment-services.js';
import { signedReturnUrl } from './return-url.js';

/** What the shopper's checkout page shows of an order (nothing merchant-private). */
export type CheckoutView = {
  orderId: string;
  merchantName: string;
  /** Test-mode orders are paid from test-mode wallets (and sandbox cards). */
  mode: Mode;
  amount: number;
  currency: string;
  description: string | null;
  items: OrderItem[] | null;
  status: OrderStatus;
  expiresAt: string;
  /** Set once the order is final: where to send the shopper (signed return URL). */
  redirectUrl: string | null;
  cancelUrl: string;
  /**
   * Set while the order's wallet payment is held for risk review (by the pay answer and by
   * `open`): the amount is reserved and the order stays `created` until an admin decides.
   */
  underReview?: boolean;
};

export async function checkoutView(options: {
  services: PaymentServices;
  row: OrderRow;
}): Promise<CheckoutView> {
  const { services, row } = options;
  const merchant = await services.merchants.get(row.merchantId);
  const final = row.status !== 'created';
  return {
    orderId: row.id,
    merchantName: merchant?.businessName ?? '',
    mode: row.mode,
    amount: Number(row.amount),
    currency: row.currency,
    description: row.description,
    items: row.items ?? null,
    status: row.status,
    expiresAt: row.expiresAt.toISOString(),
    redirectUrl: final
      ? await signedReturnUrl({
          db: services.db,
          masterKey: services.masterKey,
          credentials: services.credentials,
          order: { ...row, amount: Number(row.amount) },
        })
      : null,
    cancelUrl: row.cancelUrl,
  };
}

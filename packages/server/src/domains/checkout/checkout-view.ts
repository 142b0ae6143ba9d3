import { and, count, eq } from 'drizzle-orm';
import {
  campaigns,
  type ExceptionResolution,
  type Mode,
  type OrderItem,
  type OrderStatus,
  providerPayments,
} from '../../db/schema/index.js';
import type { MerchantRecord } from '../merchants/merchant-record.js';
import type { OrderRow } from '../orders/order-record.js';
import type { PaymentServices } from './payment-services.js';
import { DEFAULT_MAX_FAILED_ATTEMPTS } from './record-failed-attempt.js';
import { signedReturnUrl } from './return-url.js';

/** How the merchant appears on its checkout (its settings; the business name otherwise). */
export type CheckoutBrand = {
  name: string;
  /** Same-origin path of the logo (`/logos/logo_…`), served by the platform; null: none. */
  logoUrl: string | null;
  /** `#rrggbb`; the page keeps its own colour when this one would not be readable. */
  color: string | null;
  supportEmail: string | null;
  supportUrl: string | null;
  termsUrl: string | null;
  privacyUrl: string | null;
};

/** What the shopper's receipt shows of a paid order. */
export type CheckoutReceipt = {
  method: 'wallet' | 'card';
  cardBrand: string | null;
  cardLast4: string | null;
  /** The merchant's own order reference (its cart or invoice number). */
  reference: string;
  paidAt: string;
};

/** What the shopper's checkout page shows of an order (nothing merchant-private). */
export type CheckoutView = {
  orderId: string;
  merchantName: string;
  brand: CheckoutBrand;
  /** Test-mode orders are paid from test-mode wallets (and sandbox cards). */
  mode: Mode;
  /** What the shopper is charged: `grossAmount` less `discountAmount`. */
  amount: number;
  /** The merchant's amount before any campaign discount (the line items' subtotal). */
  grossAmount: number;
  discountAmount: number;
  /** The campaign whose discount the order holds, for the line items; null: none. */
  discount: { campaignId: string; name: string } | null;
  currency: string;
  description: string | null;
  items: OrderItem[] | null;
  status: OrderStatus;
  expiresAt: string;
  /** Set once the order is final: where to send the shopper (signed return URL). */
  redirectUrl: string | null;
  cancelUrl: string;
  /** Failed payment attempts so far and how many more the merchant allows (open orders). */
  attempts: { failed: number; left: number; lastFailureCode: string | null };
  /** Set once the order is paid. */
  receipt: CheckoutReceipt | null;
  /**
   * The providers the shopper may pay this order with: enabled ones that serve its mode. Empty
   * for a live order while no live provider is configured (then only the wallet is offered), and
   * once the order is final.
   */
  providers: string[];
  /**
   * Set while the order's wallet payment is held for risk review (by the pay answer and by
   * `open`): the amount is reserved and the order stays `created` until an admin decides.
   */
  underReview?: boolean;
  /**
   * On an `exception_checkout` order (paid after it expired): how platform staff resolved the
   * late payment, `refunded` (the money went back to the shopper) or `honoured`; null while they
   * have not.
   */
  exceptionResolution: ExceptionResolution | null;
};

export function checkoutBrandOf(merchant: MerchantRecord | undefined | null): CheckoutBrand {
  return {
    name: merchant?.displayName ?? merchant?.businessName ?? '',
    logoUrl: merchant?.logoId ? `/logos/${merchant.logoId}` : null,
    color: merchant?.brandColor ?? null,
    supportEmail: merchant?.supportEmail ?? null,
    supportUrl: merchant?.supportUrl ?? null,
    termsUrl: merchant?.termsUrl ?? null,
    privacyUrl: merchant?.privacyUrl ?? null,
  };
}

const PAID: ReadonlySet<OrderStatus> = new Set([
  'checkout_success',
  'refunded',
  'partially_refunded',
]);

async function receiptOf(
  services: PaymentServices,
  row: OrderRow,
): Promise<CheckoutReceipt | null> {
  if (!PAID.has(row.status) || !row.paymentMethod) return null;
  let cardBrand: string | null = null;
  let cardLast4: string | null = null;
  if (row.paymentMethod === 'provider' && row.providerPaymentId) {
    const [payment] = await services.db
      .select({ data: providerPayments.providerData })
      .from(providerPayments)
      .where(eq(providerPayments.id, row.providerPaymentId));
    const card = payment?.data?.card as { brand?: unknown; last4?: unknown } | undefined;
    if (typeof card?.brand === 'string') cardBrand = card.brand;
    if (typeof card?.last4 === 'string') cardLast4 = card.last4;
  }
  return {
    method: row.paymentMethod === 'wallet' ? 'wallet' : 'card',
    cardBrand,
    cardLast4,
    reference: row.reference,
    paidAt: (row.finalAt ?? row.updatedAt).toISOString(),
  };
}

async function failedAttempts(services: PaymentServices, row: OrderRow): Promise<number> {
  const [counted] = await services.db
    .select({ failed: count() })
    .from(providerPayments)
    .where(
      and(
        eq(providerPayments.orderId, row.id),
        eq(providerPayments.purpose, 'order'),
        eq(providerPayments.status, 'failed'),
      ),
    );
  return Number(counted?.failed ?? 0);
}

export async function checkoutView(options: {
  services: PaymentServices;
  row: OrderRow;
}): Promise<CheckoutView> {
  const { services, row } = options;
  const merchant = await services.merchants.get(row.merchantId);
  const final = row.status !== 'created';
  const max = merchant?.maxFailedAttempts ?? DEFAULT_MAX_FAILED_ATTEMPTS;
  // Only an open order (or one failed by its attempts) has attempts worth counting.
  const failed = final && row.status !== 'error_checkout' ? 0 : await failedAttempts(services, row);
  const brand = checkoutBrandOf(merchant);
  return {
    orderId: row.id,
    merchantName: brand.name,
    brand,
    mode: row.mode,
    amount: Number(row.amount),
    grossAmount: Number(row.grossAmount),
    discountAmount: Number(row.discountAmount),
    discount: await discountOf(services, row),
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
    attempts: {
      failed,
      left: Math.max(0, max - failed),
      // The code of the latest failed attempt, or why an error_checkout order ended (a cancel).
      lastFailureCode: failed > 0 || row.status === 'error_checkout' ? row.failureCode : null,
    },
    receipt: await receiptOf(services, row),
    providers: final ? [] : await providersServing(services, row.mode),
    exceptionResolution: row.exceptionResolution ?? null,
  };
}

async function discountOf(
  services: PaymentServices,
  row: OrderRow,
): Promise<CheckoutView['discount']> {
  if (!row.campaignId) return null;
  const [campaign] = await services.db
    .select({ name: campaigns.name })
    .from(campaigns)
    .where(eq(campaigns.id, row.campaignId));
  return { campaignId: row.campaignId, name: campaign?.name ?? '' };
}

async function providersServing(services: PaymentServices, mode: Mode): Promise<string[]> {
  const names: string[] = [];
  for (const adapter of services.providers.values()) {
    if (adapter.modes.includes(mode) && (await services.providerGate.enabled(adapter.name))) {
      names.push(adapter.name);
    }
  }
  return names.sort((a, b) => (a === 'sandbox' ? -1 : b === 'sandbox' ? 1 : a.localeCompare(b)));
}

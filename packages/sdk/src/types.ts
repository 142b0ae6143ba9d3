/**
 * `test` keys act on test-mode data only; `live` keys on real money.
 *
 * @example
 * if (ducat.mode === 'test') console.warn('test mode');
 */
export type Mode = 'test' | 'live';

/**
 * Order statuses, as the platform names them.
 *
 * @example
 * const final: OrderStatus[] = ['checkout_success', 'error_checkout', 'timeout'];
 */
export type OrderStatus =
  | 'created'
  | 'checkout_success'
  | 'error_checkout'
  | 'reject_risk_service'
  | 'timeout'
  | 'exception_checkout'
  | 'refunded'
  | 'partially_refunded'
  | 'cancelled';

/**
 * One line of an order; `quantity * unitAmount` over all items must equal the order amount.
 *
 * @example
 * const item: OrderItem = { name: 'Coffee', quantity: 2, unitAmount: 1250 };
 */
export type OrderItem = { name: string; quantity: number; unitAmount: number };

/**
 * An order. Amounts are integers in minor units of `currency` (2500 EUR = 25.00 €).
 *
 * @example
 * const order: Order = await ducat.orders.get('ord_…');
 * const open = order.status === 'created';
 */
export type Order = {
  id: string;
  merchantId: string;
  mode: Mode;
  reference: string;
  amount: number;
  currency: string;
  description: string | null;
  items: OrderItem[] | null;
  returnUrl: string;
  cancelUrl: string;
  metadata: Record<string, string> | null;
  status: OrderStatus;
  version: number;
  expiresAt: string;
  paymentMethod: 'wallet' | 'provider' | null;
  capturedAmount: number;
  feeAmount: number;
  refundedAmount: number;
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
  finalAt: string | null;
  archived: boolean;
};

/**
 * Where to send the shopper: `url` (full page) or `token` (the embedded widget).
 *
 * @example
 * const { checkout } = await ducat.orders.create(params);
 * res.redirect(303, checkout.url);
 */
export type CheckoutLink = { token: string; url: string; expiresAt: string };

/**
 * What `orders.create` takes.
 *
 * @example
 * const params: CreateOrderParams = { reference: 'cart-1', amount: 2500, currency: 'EUR',
 *   returnUrl: 'https://shop.example/return', cancelUrl: 'https://shop.example/cart' };
 */
export type CreateOrderParams = {
  /** Your own id for the order: unique per merchant and mode, printable ASCII, no spaces. */
  reference: string;
  /** Minor units (integer). */
  amount: number;
  /** ISO 4217, e.g. `EUR`. */
  currency: string;
  description?: string;
  items?: OrderItem[];
  /** Where the shopper lands after paying (with signed parameters: see `callbacks.verify`). */
  returnUrl: string;
  /** Where the shopper goes when they give up. */
  cancelUrl: string;
  /** How long the shopper has to pay (at least 300); the platform default when absent. */
  expiresInSeconds?: number;
  /** Up to 20 string pairs, returned with the order and in IPNs. */
  metadata?: Record<string, string>;
};

/**
 * Filters of `orders.list`.
 *
 * @example
 * const params: ListOrdersParams = { status: 'checkout_success', createdFrom: '2026-11-01T00:00:00Z', limit: 100 };
 */
export type ListOrdersParams = {
  status?: OrderStatus;
  reference?: string;
  /** ISO 8601 date-time, inclusive. */
  createdFrom?: string;
  /** ISO 8601 date-time, exclusive. */
  createdTo?: string;
  /** Page size, 1 to 100 (default 20). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
};

/**
 * A refund of (part of) a paid order.
 *
 * @example
 * const refund: Refund = await ducat.refunds.create({ orderId: 'ord_…', amount: 500 });
 */
export type Refund = {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  reason: string | null;
  status: 'pending' | 'succeeded' | 'failed';
  failureCode: string | null;
  createdAt: string;
};

/**
 * What `refunds.create` takes.
 *
 * @example
 * const params: CreateRefundParams = { orderId: 'ord_…', reason: 'customer request' };
 */
export type CreateRefundParams = {
  orderId: string;
  /** Minor units; the whole refundable rest when absent. */
  amount?: number;
  reason?: string;
};

/**
 * A payout of part of the merchant balance.
 *
 * @example
 * const payout: Payout = await ducat.payouts.create({ amount: 10_000, currency: 'EUR' });
 */
export type Payout = {
  id: string;
  amount: number;
  currency: string;
  provider: string;
  status: 'pending' | 'paid' | 'failed';
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
};

/**
 * What `payouts.create` takes.
 *
 * @example
 * const params: CreatePayoutParams = { amount: 10_000, currency: 'EUR', destination: { iban: 'DE89…' } };
 */
export type CreatePayoutParams = {
  amount: number;
  currency: string;
  /** Default `sandbox`. */
  provider?: string;
  /** Where the provider sends the money, e.g. a bank account token. */
  destination?: Record<string, string>;
};

/**
 * Paging of `payouts.list`.
 *
 * @example
 * const params: ListPayoutsParams = { limit: 50 };
 */
export type ListPayoutsParams = { limit?: number; cursor?: string };

/**
 * The balance in one currency: `available` = `balance` - `pending` (reserved by payouts).
 *
 * @example
 * const [eur]: Balance[] = await ducat.balance.get();
 */
export type Balance = { currency: string; balance: number; pending: number; available: number };

/**
 * Who the configured key authenticates.
 *
 * @example
 * const { merchantId, mode }: WhoAmI = await ducat.whoami();
 */
export type WhoAmI = { merchantId: string; mode: Mode; credentialId: string };

/**
 * The IPN types sent today; new ones may appear, so keep a default branch.
 *
 * @example
 * const handled: EventType[] = ['order.checkout_success', 'order.refunded'];
 */
export type EventType =
  | 'order.checkout_success'
  | 'order.error_checkout'
  | 'order.reject_risk_service'
  | 'order.timeout'
  | 'order.exception_checkout'
  | 'order.refunded'
  | 'order.partially_refunded'
  | 'order.cancelled'
  | 'refund.succeeded'
  | 'refund.failed';

/**
 * A verified IPN.
 *
 * @example
 * const event: DucatEvent = await webhooks.verify(body, header, secret);
 * if (!(await alreadyApplied(event.id))) await apply(event.data.order, event.seq); Delivery is at least once: deduplicate on `id`. IPNs can arrive out of
 * order: keep the highest `seq` applied per order.
 */
export type DucatEvent = {
  /** `evt_…`, the same on every delivery attempt. */
  id: string;
  type: EventType | (string & {});
  /** Unix seconds when it happened. */
  created: number;
  livemode: boolean;
  /** 1, 2, … per order. */
  seq: number;
  data: { order: Order };
};

/**
 * The parameters of a verified return redirect.
 *
 * @example
 * const { orderId, status }: ReturnParams = await callbacks.verify(req.url, secret);
 */
export type ReturnParams = {
  orderId: string;
  status: OrderStatus;
  amount: number;
  currency: string;
  /** Unix seconds when the platform signed the redirect. */
  timestamp: number;
};

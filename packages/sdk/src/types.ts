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
  /** What the shopper is charged: `grossAmount` less `discountAmount`. */
  amount: number;
  /** What you asked for when you created the order. */
  grossAmount: number;
  /** The campaign discount you give on this order (0 without one); you receive `amount`. */
  discountAmount: number;
  /** The campaign whose discount the order holds, or null. */
  campaignId: string | null;
  /** Bonus points earned with this order (bonus points are not available yet: 0). */
  pointsEarned: number;
  /** Bonus points the shopper paid with (bonus points are not available yet: 0). */
  pointsRedeemed: number;
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
  /**
   * Set on an `exception_checkout` order (a payment that arrived after the order expired) once
   * platform staff resolved it: `refunded` (the money went back to the shopper) or `honoured`
   * (the order is then `checkout_success`). `null` otherwise.
   */
  exceptionResolution: 'refunded' | 'honoured' | null;
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
  /**
   * How long the shopper has to pay, in seconds: at least 300 (5 minutes; less is refused with
   * `validation_failed`, field `expiresInSeconds`) and at most the platform's maximum (7 days by
   * default). The platform default (60 minutes unless staff changed it) when absent.
   */
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
 * Every event type the platform sends (each webhook endpoint subscribes to some or all).
 * New ones may appear: keep a default branch when you switch on `type`.
 *
 * @example
 * const handled: EventType[] = ['order.checkout_success', 'refund.succeeded'];
 */
export type EventType =
  | 'order.checkout_success'
  | 'order.error_checkout'
  /** A payment attempt failed (`data.order.failureCode`); the order may still be paid. */
  | 'order.payment_failed'
  | 'order.reject_risk_service'
  | 'order.timeout'
  | 'order.exception_checkout'
  /** A late payment was resolved by platform staff: see `order.exceptionResolution`. */
  | 'order.exception_resolved'
  | 'order.refunded'
  | 'order.partially_refunded'
  | 'order.cancelled'
  | 'order.reconciliation_difference'
  | 'refund.succeeded'
  | 'refund.failed'
  | 'payout.paid'
  | 'payout.failed';

/** What every event carries. */
type EventBase<T extends string, D> = {
  /** `evt_…`, the same on every delivery attempt and every endpoint. */
  id: string;
  type: T;
  /** Unix seconds when it happened. */
  created: number;
  livemode: boolean;
  /** 1, 2, … per order (payout events: 1). */
  seq: number;
  data: D;
};

/**
 * An order changed status: `data.order` is the order after the change.
 *
 * @example
 * if (event.type === 'order.checkout_success') await markPaid(event.data.order.reference);
 */
export type OrderEvent = EventBase<
  | 'order.checkout_success'
  | 'order.error_checkout'
  | 'order.reject_risk_service'
  | 'order.timeout'
  | 'order.exception_checkout'
  | 'order.exception_resolved'
  | 'order.refunded'
  | 'order.partially_refunded'
  | 'order.cancelled',
  { order: Order }
>;

/**
 * Reconciliation found a difference on one of your orders (what the ledger and the provider
 * say, in minor units).
 *
 * @example
 * if (event.type === 'order.reconciliation_difference') alert(event.data.order.reconciliation);
 */
export type ReconciliationDifferenceEvent = EventBase<
  'order.reconciliation_difference',
  {
    order: Pick<Order, 'id' | 'reference' | 'amount' | 'currency' | 'status'> & {
      reconciliation: {
        differenceId: string;
        category: string;
        ledgerAmount: number | null;
        providerAmount: number | null;
      };
    };
  }
>;

/**
 * A refund reached its outcome: `data.refund` says which refund, `data.order` the order after it.
 *
 * @example
 * if (event.type === 'refund.succeeded') await creditNote(event.data.refund.id, event.data.refund.amount);
 */
export type RefundEvent = EventBase<
  'refund.succeeded' | 'refund.failed',
  { refund: Refund & { mode: Mode }; order: Order }
>;

/**
 * A payout reached its outcome.
 *
 * @example
 * if (event.type === 'payout.failed') notifyFinance(event.data.payout.failureCode);
 */
export type PayoutEvent = EventBase<
  'payout.paid' | 'payout.failed',
  { payout: Payout & { mode: Mode } }
>;

/**
 * A verified IPN, or an event of the events API: a union discriminated by `type`, so checking
 * `type` narrows `data`. Delivery is at least once: deduplicate on `id`; IPNs can arrive out of
 * order: keep the highest `seq` applied per order.
 *
 * @example
 * const event: DucatEvent = await webhooks.verify(body, header, secret);
 * switch (event.type) {
 *   case 'order.checkout_success': await fulfil(event.data.order.reference); break;
 *   case 'refund.succeeded': await recordRefund(event.data.refund); break;
 *   default: break; // types added later
 * }
 */
export type DucatEvent = OrderEvent | ReconciliationDifferenceEvent | RefundEvent | PayoutEvent;

/**
 * An event as the events API lists it: the IPN body plus its mode, order and creation time.
 *
 * @example
 * const { data } = await ducat.events.list({ type: 'refund.succeeded' });
 */
export type EventRecord = DucatEvent & { mode: Mode; orderId: string | null; createdAt: string };

/**
 * Filters of `events.list` (events are kept 30 days).
 *
 * @example
 * const params: ListEventsParams = { orderId: 'ord_…', from: '2026-11-01T00:00:00Z' };
 */
export type ListEventsParams = {
  type?: EventType;
  orderId?: string;
  /** ISO 8601 date-time, inclusive. */
  from?: string;
  /** ISO 8601 date-time, exclusive. */
  to?: string;
  /** Page size, 1 to 100 (default 20). */
  limit?: number;
  cursor?: string;
};

/**
 * One delivery of an event to one endpoint, and where it stands.
 *
 * @example
 * const { deliveries } = await ducat.events.get('evt_…');
 * const failed = deliveries.filter((d) => d.status === 'failed');
 */
export type EventDelivery = {
  id: string;
  eventId: string;
  endpointId: string | null;
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
};

/**
 * The outcome of `events.resend` for one endpoint.
 *
 * @example
 * const [first] = await ducat.events.resend('evt_…');
 * if (!first?.delivered) console.log(first?.attempt?.error);
 */
export type EventResend = {
  endpointId: string;
  deliveryId: string;
  /** Null when another attempt of this delivery was in flight (it goes on). */
  attempt: {
    statusCode: number | null;
    latencyMs: number;
    error: string | null;
    attemptedAt: string;
  } | null;
  delivered: boolean;
};

/**
 * Where you receive events: several per mode, each with its own secret and event types.
 *
 * @example
 * const endpoints: WebhookEndpoint[] = await ducat.webhookEndpoints.list();
 */
export type WebhookEndpoint = {
  /** `we_…`. */
  id: string;
  mode: Mode;
  url: string;
  description: string;
  /** The event types it receives; `['*']`: all, also types added later. */
  enabledEvents: ('*' | EventType)[];
  status: 'enabled' | 'disabled';
  /** `cli`: the temporary endpoint of a `ducat listen` session. */
  kind: 'http' | 'cli';
  /** The IPN URL of your profile (signed with your merchant-wide webhook secret). */
  primary: boolean;
  createdAt: string;
  updatedAt: string;
};

/**
 * What `webhookEndpoints.create` takes.
 *
 * @example
 * const params: CreateWebhookEndpointParams = { url: 'https://staging.shop.example/ipn',
 *   enabledEvents: ['order.checkout_success'], description: 'staging' };
 */
export type CreateWebhookEndpointParams = {
  url: string;
  description?: string;
  /** Default `['*']`. */
  enabledEvents?: ('*' | EventType)[];
};

/**
 * What `webhookEndpoints.update` takes (only what changes).
 *
 * @example
 * const patch: UpdateWebhookEndpointParams = { status: 'disabled' };
 */
export type UpdateWebhookEndpointParams = Partial<CreateWebhookEndpointParams> & {
  status?: 'enabled' | 'disabled';
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

/**
 * The states of a campaign. `active` is a scheduled campaign inside its window; a campaign past
 * its window is `ended`.
 *
 * @example
 * const running: CampaignState[] = ['active'];
 */
export type CampaignState = 'draft' | 'scheduled' | 'active' | 'paused' | 'ended';

/**
 * Who a campaign is for: every shopper, shoppers on their first paid order with you, or shoppers
 * holding at least `minPoints` bonus points.
 *
 * @example
 * const audience: CampaignAudience = 'first_order';
 */
export type CampaignAudience = 'all' | 'first_order' | 'min_points';

/**
 * What a campaign gives at checkout: a percentage of the order (basis points: 1000 = 10 %,
 * rounded down to the minor unit) or a fixed amount in minor units of the campaign currency.
 *
 * @example
 * const reward: CampaignReward = { type: 'discount_percent', basisPoints: 1000 };
 */
export type CampaignReward =
  | { type: 'discount_percent'; basisPoints: number }
  | { type: 'discount_fixed'; amount: number };

/**
 * A campaign: a checkout discount you pay for (the shopper is charged less and you receive
 * less), within a budget of total discount that is never exceeded.
 *
 * @example
 * const campaign: Campaign = await ducat.campaigns.get('cmp_…');
 * const left = campaign.budget.remaining;
 */
export type Campaign = {
  id: string;
  mode: Mode;
  name: string;
  state: CampaignState;
  startsAt: string;
  endsAt: string;
  audience: CampaignAudience;
  minPoints: number;
  reward: CampaignReward;
  /** The most one order gets off, minor units; null: no cap. */
  capPerOrder: number | null;
  currency: string;
  /** Minor units of `currency`: `reserved` counts open checkouts' shares and paid discounts. */
  budget: { total: number; reserved: number; remaining: number };
  /** Codes a shopper types (upper case); a campaign with codes applies only with one. */
  codes: string[];
  createdAt: string;
  updatedAt: string;
};

/**
 * What `ducat.campaigns.create` takes.
 *
 * @example
 * const params: CreateCampaignParams = { name: 'Winter sale', startsAt: '2026-12-01T00:00:00Z',
 *   endsAt: '2027-01-01T00:00:00Z', reward: { type: 'discount_percent', basisPoints: 1000 },
 *   currency: 'EUR', budget: 100_000 };
 */
export type CreateCampaignParams = {
  name: string;
  startsAt: string;
  endsAt: string;
  audience?: CampaignAudience;
  minPoints?: number;
  reward: CampaignReward;
  capPerOrder?: number | null;
  currency: string;
  /** Total discount the campaign may give, minor units of `currency`. */
  budget: number;
  codes?: string[];
  /** Keep it a draft (not applied until `resume`); default: scheduled. */
  draft?: boolean;
};

/**
 * What `ducat.campaigns.update` takes: any field of a campaign that has not ended, except its
 * currency. The budget may not go below what is already reserved.
 *
 * @example
 * const patch: UpdateCampaignParams = { budget: 200_000 };
 */
export type UpdateCampaignParams = Partial<
  Pick<
    CreateCampaignParams,
    'name' | 'startsAt' | 'endsAt' | 'audience' | 'reward' | 'capPerOrder' | 'budget' | 'codes'
  >
> & { minPoints?: number };

import type { components, operations } from './generated/openapi.js';

// The request and response types are the server's: generated from its OpenAPI document into
// ./generated/openapi.ts (`pnpm --filter @ducat/sdk generate`; a test fails when they drift).
// This file gives them the SDK's public names, and adds what the document cannot say (the
// events' union by `type`).
type Schemas = components['schemas'];
type QueryOf<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;
/** Shows an intersection as one object type in editors. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * `test` keys act on test-mode data only; `live` keys on real money.
 *
 * @example
 * if (ducat.mode === 'test') console.warn('test mode');
 */
export type Mode = Schemas['Order']['mode'];

/**
 * Order statuses, as the platform names them.
 *
 * @example
 * const final: OrderStatus[] = ['checkout_success', 'error_checkout', 'timeout'];
 */
export type OrderStatus = Schemas['Order']['status'];

/**
 * One line of an order; `quantity * unitAmount` over all items must equal the order amount.
 *
 * @example
 * const item: OrderItem = { name: 'Coffee', quantity: 2, unitAmount: 1250 };
 */
export type OrderItem = NonNullable<Schemas['Order']['items']>[number];

/**
 * An order. Amounts are integers in minor units of `currency` (2500 EUR = 25.00 €).
 *
 * @example
 * const order: Order = await ducat.orders.get('ord_…');
 * const open = order.status === 'created';
 */
export type Order = Schemas['Order'];

/**
 * Where to send the shopper: `url` (full page) or `token` (the embedded widget).
 *
 * @example
 * const { checkout } = await ducat.orders.create(params);
 * res.redirect(303, checkout.url);
 */
export type CheckoutLink = Schemas['CheckoutLink'];

/**
 * What `orders.create` takes.
 *
 * @example
 * const params: CreateOrderParams = { reference: 'cart-1', amount: 2500, currency: 'EUR',
 *   returnUrl: 'https://shop.example/return', cancelUrl: 'https://shop.example/cart' };
 */
export type CreateOrderParams = Omit<Schemas['CreateOrderRequest'], 'signature'>;

/**
 * Filters of `orders.list`.
 *
 * @example
 * const params: ListOrdersParams = { status: 'checkout_success', createdFrom: '2026-11-01T00:00:00Z', limit: 100 };
 */
export type ListOrdersParams = QueryOf<'listOrders'>;

/**
 * A refund of (part of) a paid order.
 *
 * @example
 * const refund: Refund = await ducat.refunds.create({ orderId: 'ord_…', amount: 500 });
 */
export type Refund = Schemas['Refund'];

/**
 * What `refunds.create` takes.
 *
 * @example
 * const params: CreateRefundParams = { orderId: 'ord_…', reason: 'customer request' };
 */
export type CreateRefundParams = Flat<{ orderId: string } & Schemas['CreateRefundRequest']>;

/**
 * A payout of part of the merchant balance.
 *
 * @example
 * const payout: Payout = await ducat.payouts.create({ amount: 10_000, currency: 'EUR' });
 */
export type Payout = Schemas['Payout'];

/**
 * What `payouts.create` takes.
 *
 * @example
 * const params: CreatePayoutParams = { amount: 10_000, currency: 'EUR', destination: { iban: 'DE89…' } };
 */
export type CreatePayoutParams = Schemas['CreatePayoutRequest'];

/**
 * Paging of `payouts.list`.
 *
 * @example
 * const params: ListPayoutsParams = { limit: 50 };
 */
export type ListPayoutsParams = QueryOf<'listPayouts'>;

/**
 * The balance in one currency: `available` = `balance` - `pending` (reserved by payouts).
 *
 * @example
 * const [eur]: Balance[] = await ducat.balance.get();
 */
export type Balance = Schemas['Balance'];

/**
 * Who the configured key authenticates.
 *
 * @example
 * const { merchantId, mode }: WhoAmI = await ducat.whoami();
 */
export type WhoAmI = Schemas['WhoamiResponse'];

/**
 * Every event type the platform sends (each webhook endpoint subscribes to some or all).
 * New ones may appear: keep a default branch when you switch on `type`.
 *
 * @example
 * const handled: EventType[] = ['order.checkout_success', 'refund.succeeded'];
 */
export type EventType = NonNullable<QueryOf<'listEvents'>['type']>;

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
export type EventRecord = DucatEvent & Pick<Schemas['Event'], 'mode' | 'orderId' | 'createdAt'>;

/**
 * Filters of `events.list` (events are kept 30 days).
 *
 * @example
 * const params: ListEventsParams = { orderId: 'ord_…', from: '2026-11-01T00:00:00Z' };
 */
export type ListEventsParams = QueryOf<'listEvents'>;

/**
 * One delivery of an event to one endpoint, and where it stands.
 *
 * @example
 * const { deliveries } = await ducat.events.get('evt_…');
 * const failed = deliveries.filter((d) => d.status === 'failed');
 */
export type EventDelivery = Schemas['EventDelivery'];

/**
 * The outcome of `events.resend` for one endpoint.
 *
 * @example
 * const [first] = await ducat.events.resend('evt_…');
 * if (!first?.delivered) console.log(first?.attempt?.error);
 */
export type EventResend = Schemas['EventResend'];

/**
 * Where you receive events: several per mode, each with its own secret and event types.
 *
 * @example
 * const endpoints: WebhookEndpoint[] = await ducat.webhookEndpoints.list();
 */
export type WebhookEndpoint = Flat<
  Omit<Schemas['WebhookEndpoint'], 'enabledEvents'> & {
    /** The event types it receives; `['*']`: all, also types added later. */
    enabledEvents: ('*' | EventType)[];
  }
>;

/**
 * What `webhookEndpoints.create` takes.
 *
 * @example
 * const params: CreateWebhookEndpointParams = { url: 'https://staging.shop.example/ipn',
 *   enabledEvents: ['order.checkout_success'], description: 'staging' };
 */
export type CreateWebhookEndpointParams = Schemas['CreateWebhookEndpointRequest'];

/**
 * What `webhookEndpoints.update` takes (only what changes).
 *
 * @example
 * const patch: UpdateWebhookEndpointParams = { status: 'disabled' };
 */
export type UpdateWebhookEndpointParams = Schemas['UpdateWebhookEndpointRequest'];

/**
 * The settings the merchant area edits. `logoUrl` is a path on the API host; the logo itself is
 * uploaded in the merchant area.
 *
 * @example
 * const settings: MerchantSettings = await ducat.settings.get();
 */
export type MerchantSettings = Schemas['MerchantSettings'];

/**
 * What `settings.update` takes: only the fields that change; `null` clears a nullable one.
 *
 * @example
 * const patch: UpdateMerchantSettingsParams = { allowedOrigins: ['https://shop.example'] };
 */
export type UpdateMerchantSettingsParams = Schemas['UpdateSettingsRequest'];

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
export type CampaignState = Schemas['Campaign']['state'];

/**
 * Who a campaign is for: every shopper, shoppers on their first paid order with you, or shoppers
 * holding at least `minPoints` bonus points.
 *
 * @example
 * const audience: CampaignAudience = 'first_order';
 */
export type CampaignAudience = Schemas['Campaign']['audience'];

/**
 * What a campaign gives at checkout: a percentage of the order (basis points: 1000 = 10 %,
 * rounded down to the minor unit) or a fixed amount in minor units of the campaign currency.
 *
 * @example
 * const reward: CampaignReward = { type: 'discount_percent', basisPoints: 1000 };
 */
export type CampaignReward = Schemas['Campaign']['reward'];

/**
 * A campaign: a checkout discount you pay for (the shopper is charged less and you receive
 * less), within a budget of total discount that is never exceeded.
 *
 * @example
 * const campaign: Campaign = await ducat.campaigns.get('cmp_…');
 * const left = campaign.budget.remaining;
 */
export type Campaign = Schemas['Campaign'];

/**
 * What `ducat.campaigns.create` takes.
 *
 * @example
 * const params: CreateCampaignParams = { name: 'Winter sale', startsAt: '2026-12-01T00:00:00Z',
 *   endsAt: '2027-01-01T00:00:00Z', reward: { type: 'discount_percent', basisPoints: 1000 },
 *   currency: 'EUR', budget: 100_000 };
 */
export type CreateCampaignParams = Schemas['CreateCampaignRequest'];

/**
 * What `ducat.campaigns.update` takes: any field of a campaign that has not ended, except its
 * currency. The budget may not go below what is already reserved.
 *
 * @example
 * const patch: UpdateCampaignParams = { budget: 200_000 };
 */
export type UpdateCampaignParams = Schemas['UpdateCampaignRequest'];

/**
 * One line of `ducat.logs.tail`: an API request made with a key of your mode (method, path
 * without its query, HTTP status, duration, request id), or an IPN attempt to one of your
 * endpoints (`trigger`: `schedule` for the delivery worker, `manual` for a resend, `listen` for
 * a `ducat listen` forward). Never a body, header, query string or secret. `id` is the cursor
 * to resume after (`tail({ after })`).
 *
 * @example
 * const line = (r: LogRecord) =>
 *   r.kind === 'request' ? `${r.method} ${r.path} ${r.status}` : `${r.type} -> ${r.statusCode ?? r.error}`;
 */
export type LogRecord = { id: string } & (
  | {
      kind: 'request';
      time: string;
      method: string;
      path: string;
      status: number;
      durationMs: number;
      requestId: string;
    }
  | {
      kind: 'ipn_attempt';
      time: string;
      eventId: string;
      deliveryId: string;
      endpointId: string | null;
      type: string;
      /** The endpoint's origin and path only. */
      url: string;
      trigger: 'schedule' | 'manual' | 'listen';
      statusCode: number | null;
      latencyMs: number;
      error: string | null;
    }
);

/**
 * What `ducat.logs.tail` yields: `ready` once the tail is reading (lines from then on follow),
 * then each line as it happens.
 *
 * @example
 * for await (const m of ducat.logs.tail({ signal })) if (m.kind !== 'ready') console.log(m.kind);
 */
export type LogsTailMessage = { kind: 'ready'; mode: Mode; after: string } | LogRecord;

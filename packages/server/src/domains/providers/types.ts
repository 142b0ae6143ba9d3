import type { IncomingHttpHeaders } from 'node:http';
import type { Mode } from '../../db/schema/index.js';

/**
 * What Ducat needs from an external payment provider. One adapter per provider; the sandbox
 * provider (a simulated third party over real HTTP) implements it for development and tests.
 * Adapters never see shopper passwords or store card numbers (cards come back as a token, brand
 * and last four digits).
 *
 * Our ids (`paymentId`, `setupId`, `refundId`, `payoutId`) are idempotency keys at the provider:
 * retrying a call with the same id and parameters answers the first result and moves no money
 * twice, so a call that timed out can always be retried.
 *
 * Failures are `AppError`s with `provider_*` codes:
 * - `provider_unavailable`: no answer in time, network error, provider 5xx/429 (retry later;
 *   the outcome of a create or charge is unknown until queried or notified); `details.reason`
 *   is `timeout` (no answer in time), `network` or `status` (5xx/429);
 * - `provider_declined`: the provider refused a well-formed request (refund beyond what is left,
 *   refund of a payment that did not succeed, unknown card token); `details.providerCode` says why;
 * - `provider_payment_unknown`: `queryPayment` or `refund` named a payment it does not know;
 * - `provider_rejected`: it refused the request itself (bad credentials, invalid input, an id
 *   reused with other parameters): a bug or misconfiguration on our side;
 * - `provider_response_invalid`: it answered something that does not parse.
 * Outcomes of accepted operations (a declined card, a failed payout) are results, not errors.
 */
export type ProviderAdapter = {
  /** Stable provider name (`sandbox`): names its clearing account and its notification route. */
  readonly name: string;

  /**
   * The modes whose money it may move: `['test']` for the sandbox (always, whatever the registry
   * says: its cards are simulated), the configured ones for a real provider. Every money path
   * checks the mode of the order, wallet or balance against these (see assertProviderServes), so
   * test money never becomes live money.
   */
  readonly modes: readonly Mode[];

  /**
   * Starts a payment. The shopper is sent to `redirectUrl` (the provider's own page), comes back
   * to `returnUrl`, and the provider notifies `notifyUrl` server-to-server.
   */
  createPayment(input: {
    paymentId: string;
    amount: number;
    currency: string;
    description?: string | undefined;
    mode: Mode;
    returnUrl: string;
    notifyUrl: string;
  }): Promise<{ providerRef: string; redirectUrl: string }>;

  /**
   * Starts a card set-up (tokenization) for a shopper: the card is typed on the provider's page,
   * the notification carries a reusable token with brand and last four digits.
   */
  createCardSetup(input: {
    setupId: string;
    userId: string;
    returnUrl: string;
    notifyUrl: string;
  }): Promise<{ providerRef: string; redirectUrl: string }>;

  /**
   * Charges a saved card token without a redirect (deposits into a shopper's wallet).
   * The outcome is final when it returns, except `pending` (then a notification follows, or not:
   * query it). A declined card is `status: 'failed'` with a `failureCode`, not an error.
   */
  chargeToken(input: {
    paymentId: string;
    token: string;
    amount: number;
    currency: string;
    notifyUrl: string;
  }): Promise<ProviderPaymentResult>;

  /**
   * Verifies a notification's signature and parses it. Throws `provider_signature_invalid` when
   * the signature is missing, wrong or outside the tolerance window, `provider_payload_invalid`
   * when the body is not a notification.
   */
  parseNotification(input: {
    headers: IncomingHttpHeaders;
    rawBody: string;
  }): Promise<ProviderNotification>;

  /** Asks the provider for a payment's state (for payments whose notification never came). */
  queryPayment(input: { providerRef: string }): Promise<ProviderPaymentResult>;

  /** Refunds part or all of a succeeded payment; never more than what is left of it. */
  refund(input: {
    providerRef: string;
    refundId: string;
    amount: number;
    currency: string;
  }): Promise<{ providerRefundId: string; status: 'succeeded' | 'failed'; failureCode?: string }>;

  /** Sends money out (merchant payouts, shopper withdrawals). */
  payout(input: {
    payoutId: string;
    amount: number;
    currency: string;
    destination: Record<string, string>;
  }): Promise<{ providerPayoutId: string; status: 'paid' | 'failed'; failureCode?: string }>;

  /** The provider's settlement report: every money movement it made for us in [from, to). */
  settlementReport(input: { from: Date; to: Date }): Promise<SettlementLine[]>;

  /**
   * The provider's settlement file of one UTC day (`YYYY-MM-DD`) as CSV in reconciliation's
   * columns (`provider_ref,reference,type,amount,currency,fee,settled_at`). Providers whose
   * files arrive otherwise leave it out; their files are uploaded.
   */
  dailySettlementFile?(input: { date: string }): Promise<string>;
};

export type ProviderPaymentResult = {
  providerRef: string;
  /** Our id, as given to createPayment / chargeToken. */
  paymentId: string;
  status: 'pending' | 'succeeded' | 'failed';
  amount: number;
  currency: string;
  failureCode?: string | undefined;
  /** The card that paid (brand and last four digits only), when the provider says. */
  card?: { brand: string; last4: string } | undefined;
};

export type ProviderNotification =
  | ({
      type: 'payment.succeeded' | 'payment.failed';
      /** The provider's id of this notification: the same on every redelivery. */
      notificationId: string;
    } & Omit<ProviderPaymentResult, 'status'>)
  | {
      type: 'card.tokenized';
      notificationId: string;
      providerRef: string;
      setupId: string;
      userId: string;
      token: string;
      brand: string;
      last4: string;
      expMonth: number;
      expYear: number;
    };

export type SettlementLine = {
  providerRef: string;
  /** Our id of the payment, refund or payout. */
  reference: string;
  type: 'payment' | 'refund' | 'payout';
  amount: number;
  currency: string;
  fee: number;
  settledAt: Date;
};

/**
 * The adapters of this process, by name: built from the environment at start, then kept in line
 * with the providers registry (see syncProviderAdapters).
 */
export type ProviderRegistry = Map<string, ProviderAdapter>;

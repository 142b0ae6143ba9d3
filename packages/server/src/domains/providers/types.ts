import type { IncomingHttpHeaders } from 'node:http';
import type { Mode } from '../../db/schema/index.js';

/**
 * What Ducat needs from an external payment provider. One adapter per provider; the sandbox
 * provider (a simulated third party over real HTTP) implements it for development and tests.
 * Adapters throw `AppError` with `provider_*` codes; they never see shopper passwords or store
 * card numbers (cards come back as a token, brand and last four digits).
 */
export type ProviderAdapter = {
  /** Stable provider name (`sandbox`): names its clearing account and its notification route. */
  readonly name: string;

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
   * The outcome is final when it returns, except `pending` (then a notification follows).
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
};

export type ProviderPaymentResult = {
  providerRef: string;
  /** Our id, as given to createPayment / chargeToken. */
  paymentId: string;
  status: 'pending' | 'succeeded' | 'failed';
  amount: number;
  currency: string;
  failureCode?: string | undefined;
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

/** The adapters configured in this process, by name. */
export type ProviderRegistry = ReadonlyMap<string, ProviderAdapter>;

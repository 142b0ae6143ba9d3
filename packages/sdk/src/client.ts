import { callbacks } from './callbacks.js';
import { DucatError } from './errors.js';
import { HttpClient, type RequestOptions } from './http.js';
import { BalanceResource } from './resources/balance.js';
import { Campaigns } from './resources/campaigns.js';
import { Events } from './resources/events.js';
import { Logs } from './resources/logs.js';
import { Orders } from './resources/orders.js';
import { Payouts } from './resources/payouts.js';
import { Refunds } from './resources/refunds.js';
import { Reports } from './resources/reports.js';
import { Settings } from './resources/settings.js';
import { WebhookEndpoints } from './resources/webhook-endpoints.js';
import type { Mode, WhoAmI } from './types.js';
import { webhooks } from './webhooks.js';

/**
 * Client configuration.
 *
 * @example
 * const config: DucatConfig = {
 *   merchantId: 'mch_…', merchantKey: process.env.DUCAT_API_KEY ?? '',
 *   baseUrl: 'https://api.ducat.example', maxRetries: 3,
 * };
 */
export type DucatConfig = {
  /** Your merchant id (`mch_…`). */
  merchantId: string;
  /** Your API key (`dk_test_…` or `dk_live_…`); it decides the mode of every call. Keep it secret. */
  merchantKey: string;
  /** The platform's API, e.g. `https://api.ducat.example`. Default `http://localhost:4000`. */
  baseUrl?: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt, for retryable failures only. Default 2. */
  maxRetries?: number;
  /** First backoff step; doubles per retry. Default 500 ms. */
  initialRetryDelayMs?: number;
  /** Backoff ceiling. Default 8 s. */
  maxRetryDelayMs?: number;
  /** The JWT audience the platform expects (its `MERCHANT_JWT_AUDIENCE`). Default `ducat-api`. */
  audience?: string;
  /** A fetch implementation (default: the runtime's). */
  fetch?: typeof fetch;
};

// Loose on purpose: catches a key or a typo passed as the id without pinning today's id length.
const MERCHANT_ID = /^mch_[0-9A-Za-z]{8,64}$/;

/**
 * The Ducat merchant client. One instance per merchant key; safe to share across requests.
 * Mints a short-lived JWT per request, signs order bodies, sets idempotency keys and retries
 * what is safe to retry.
 *
 * @example
 * import { Ducat } from '@ducat/sdk';
 * const ducat = new Ducat({ merchantId: 'mch_…', merchantKey: process.env.DUCAT_API_KEY ?? '',
 *   baseUrl: 'http://localhost:4000' });
 * const { checkout } = await ducat.orders.create({ reference: 'cart-1', amount: 2500,
 *   currency: 'EUR', returnUrl: 'https://shop.example/return', cancelUrl: 'https://shop.example' });
 */
export class Ducat {
  readonly orders: Orders;
  readonly refunds: Refunds;
  readonly payouts: Payouts;
  readonly balance: BalanceResource;
  /** Reconciliation reports (served once the platform's reconciliation feature is deployed). */
  readonly reports: Reports;
  /** Where you receive events: several per mode, each with its own secret and event types. */
  readonly webhookEndpoints: WebhookEndpoints;
  /** Events sent in the last 30 days: list, get, resend. */
  readonly events: Events;
  /** Campaigns: checkout discounts within a budget (create, get, list, update, pause, resume, end). */
  readonly campaigns: Campaigns;
  /** What the merchant area edits: return URL, IPN URL, widget origins, checkout branding. */
  readonly settings: Settings;
  /** Your API requests and IPN attempts, live (`tail`). */
  readonly logs: Logs;
  /** IPN verification (`verify`, `verifyRequest`, `generateTestHeader`). */
  readonly webhooks = webhooks;
  /** Return-redirect verification (`verify`). */
  readonly callbacks = callbacks;
  /** `test` for `dk_test_…` keys, `live` for `dk_live_…` keys. */
  readonly mode: Mode;
  private readonly http: HttpClient;

  constructor(config: DucatConfig) {
    if (!MERCHANT_ID.test(config.merchantId ?? '')) {
      throw new DucatError({ code: 'config_invalid', message: 'merchantId must be a mch_… id.' });
    }
    if (!config.merchantKey) {
      throw new DucatError({ code: 'config_invalid', message: 'merchantKey is required.' });
    }
    const fetchImpl = config.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (!fetchImpl) {
      throw new DucatError({
        code: 'config_invalid',
        message: 'No fetch in this runtime: pass one as `fetch`.',
      });
    }
    this.mode = config.merchantKey.startsWith('dk_live_') ? 'live' : 'test';
    this.http = new HttpClient({
      baseUrl: config.baseUrl ?? 'http://localhost:4000',
      merchantId: config.merchantId,
      merchantKey: config.merchantKey,
      audience: config.audience ?? 'ducat-api',
      timeoutMs: config.timeoutMs ?? 30_000,
      maxRetries: config.maxRetries ?? 2,
      initialRetryDelayMs: config.initialRetryDelayMs ?? 500,
      maxRetryDelayMs: config.maxRetryDelayMs ?? 8_000,
      maxRetryAfterMs: 60_000,
      // Bound, so a fetch that needs its `this` (browsers) is not called detached.
      fetch: (input, init) => fetchImpl(input, init),
    });
    this.orders = new Orders(this.http, config.merchantKey);
    this.refunds = new Refunds(this.http);
    this.payouts = new Payouts(this.http);
    this.balance = new BalanceResource(this.http);
    this.reports = new Reports(this.http);
    this.webhookEndpoints = new WebhookEndpoints(this.http);
    this.events = new Events(this.http);
    this.campaigns = new Campaigns(this.http);
    this.settings = new Settings(this.http);
    this.logs = new Logs(this.http);
  }

  /**
   * Which merchant, mode and key the configured credentials authenticate: a start-up check.
   *
   * @example
   * const me = await ducat.whoami();
   * if (me.mode !== 'live') console.warn('running with a test key');
   */
  whoami(options?: RequestOptions): Promise<WhoAmI> {
    return this.http.request({ method: 'GET', path: 'v1/whoami' }, options);
  }
}

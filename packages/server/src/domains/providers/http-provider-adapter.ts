import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { Mode } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { safeEqual } from '../../infra/secrets.js';
import type {
  ProviderAdapter,
  ProviderNotification,
  ProviderPaymentResult,
  SettlementLine,
} from './types.js';

/**
 * Ducat's client for a provider that speaks Ducat's provider HTTP protocol (bearer-key JSON API,
 * `sandbox-signature` HMAC notifications, CSV daily settlement files), written against the
 * sandbox provider's documented API the way an adapter for a real provider would be. It
 * deliberately shares no code with `src/sandbox/` (not even the signature scheme): a mistake on
 * one side then shows up as a failing test instead of being agreed on by both.
 *
 * Which modes an instance serves is configuration (`modes`); the sandbox provider is this adapter
 * pinned to test mode (see createSandboxAdapter), whatever its configuration says.
 */
export type HttpProviderAdapterOptions = {
  /** The instance's name (routes, clearing account). */
  name: string;
  /** The modes whose money this instance may move. */
  modes: readonly Mode[];
  /** The provider's base URL; a function when it is only known once the provider listens. */
  baseUrl: string | (() => string);
  /** The API key (bearer) and the notification signing secret. */
  secret: string;
  /** Per request; a provider that does not answer in time is `provider_unavailable`. */
  timeoutMs?: number;
  /** Notifications signed further than this from now are refused (replay window). */
  toleranceSeconds?: number;
  now?: () => Date;
};

const SIGNATURE_HEADER = 'sandbox-signature';
const BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'jcb', 'unionpay', 'other'] as const;

const ZRef = z.string().min(1).max(100);
const ZAmount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const ZCurrency = z.string().regex(/^[A-Z]{3}$/);

// Brand and last four digits only (for the shopper's receipt), never a card number.
const ZCardSummary = z.object({ brand: z.string().max(20), last4: z.string().regex(/^\d{4}$/) });
const ZPaymentView = z.object({
  providerRef: ZRef,
  paymentId: ZRef,
  status: z.enum(['pending', 'succeeded', 'failed']),
  amount: ZAmount,
  currency: ZCurrency,
  failureCode: z.string().max(64).nullable(),
  card: ZCardSummary.nullable().optional(),
  redirectUrl: z.string().url().nullable(),
});
const ZSetupView = z.object({ providerRef: ZRef, redirectUrl: z.string().url() });
const ZRefundView = z.object({ providerRefundId: ZRef, status: z.literal('succeeded') });
const ZPayoutView = z.object({
  providerPayoutId: ZRef,
  status: z.enum(['paid', 'failed']),
  failureCode: z.string().max(64).nullable(),
});
const ZSettlementReport = z.object({
  data: z.array(
    z.object({
      providerRef: ZRef,
      reference: ZRef,
      type: z.enum(['payment', 'refund', 'payout']),
      amount: ZAmount,
      currency: ZCurrency,
      fee: ZAmount,
      settledAt: z.iso.datetime({ offset: true }),
    }),
  ),
});
const ZErrorBody = z.object({
  error: z.object({ code: z.string().max(100), message: z.string().max(1000).optional() }),
});

const ZNotification = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['payment.succeeded', 'payment.failed']),
    notificationId: ZRef,
    providerRef: ZRef,
    paymentId: ZRef,
    amount: ZAmount,
    currency: ZCurrency,
    failureCode: z.string().max(64).optional(),
    card: ZCardSummary.optional(),
  }),
  z.object({
    type: z.literal('card.tokenized'),
    notificationId: ZRef,
    providerRef: ZRef,
    setupId: ZRef,
    userId: ZRef,
    token: z.string().regex(/^[A-Za-z0-9_-]{8,200}$/),
    brand: z.enum(BRANDS),
    last4: z.string().regex(/^\d{4}$/),
    expMonth: z.number().int().min(1).max(12),
    expYear: z.number().int().min(2000).max(2100),
  }),
]);

/** `t=<unix>,v1=<hex>[,v1=<hex>…]`; several v1 while the provider rotates its secret. */
function parseSignatureHeader(value: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const [key, item, ...rest] = part.trim().split('=');
    if (rest.length > 0 || item === undefined) return null;
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(item)) return null;
      timestamp = Number(item);
    } else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(item)) {
      signatures.push(item.toLowerCase());
    }
    // Unknown schemes are skipped, so a provider can add v2 without breaking this client.
  }
  return timestamp === undefined || signatures.length === 0 ? null : { timestamp, signatures };
}

function signatureInvalid(internalMessage: string): AppError {
  return new AppError('provider_signature_invalid', { internalMessage });
}

/**
 * A provider speaking Ducat's provider HTTP protocol behind the ProviderAdapter contract.
 *
 * @example
 * const acme = createHttpProviderAdapter({ name: 'acme', modes: ['live'], baseUrl, secret });
 * const { redirectUrl } = await acme.createPayment({ paymentId, amount: 1250, ... });
 */
export function createHttpProviderAdapter(options: HttpProviderAdapterOptions): ProviderAdapter {
  const label = options.name;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const now = options.now ?? (() => new Date());
  const baseUrl = () =>
    (typeof options.baseUrl === 'string' ? options.baseUrl : options.baseUrl()).replace(/\/+$/, '');

  async function call<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: T,
  ): Promise<z.output<T>> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${baseUrl()}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.secret}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // No answer in time is told apart: the provider may have acted on the request all the same.
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new AppError('provider_unavailable', {
        internalMessage: `${label} ${method} ${path}: ${error instanceof Error ? error.message : String(error)}`,
        details: { reason: timedOut ? 'timeout' : 'network' },
        cause: error,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.status >= 500 || response.status === 429) {
      throw new AppError('provider_unavailable', {
        internalMessage: `${label} ${method} ${path} answered ${response.status}`,
        details: { reason: 'status', providerStatus: response.status },
      });
    }
    if (response.status >= 400) {
      const refusal = ZErrorBody.safeParse(json);
      const providerCode = refusal.success ? refusal.data.error.code : `http_${response.status}`;
      const details = { providerStatus: response.status, providerCode };
      const internalMessage = `${label} ${method} ${path} refused: ${response.status} ${providerCode} ${
        refusal.success ? (refusal.data.error.message ?? '') : ''
      }`;
      if (response.status === 404 && providerCode === 'payment_not_found') {
        throw new AppError('provider_payment_unknown', { details, internalMessage });
      }
      // A business refusal (refund beyond what was paid, unknown card token): our request was
      // well-formed, the provider says no.
      if (response.status === 422) {
        throw new AppError('provider_declined', {
          details,
          internalMessage,
          ...(refusal.success && refusal.data.error.message
            ? { message: `The payment provider refused: ${refusal.data.error.message}` }
            : {}),
        });
      }
      throw new AppError('provider_rejected', { details, internalMessage });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new AppError('provider_response_invalid', {
        internalMessage: `${label} ${method} ${path}: ${parsed.error.message}`,
      });
    }
    return parsed.data;
  }

  function toResult(view: z.output<typeof ZPaymentView>): ProviderPaymentResult {
    return {
      providerRef: view.providerRef,
      paymentId: view.paymentId,
      status: view.status,
      amount: view.amount,
      currency: view.currency,
      ...(view.failureCode ? { failureCode: view.failureCode } : {}),
      ...(view.card ? { card: view.card } : {}),
    };
  }

  return {
    name: options.name,
    modes: Object.freeze([...new Set(options.modes)]),

    async createPayment(input) {
      const view = await call('POST', '/v1/payments', input, ZPaymentView);
      if (view.redirectUrl === null) {
        throw new AppError('provider_response_invalid', {
          internalMessage: `${label} created a payment without a redirect URL`,
        });
      }
      return { providerRef: view.providerRef, redirectUrl: view.redirectUrl };
    },

    async createCardSetup(input) {
      const view = await call('POST', '/v1/card-setups', input, ZSetupView);
      return { providerRef: view.providerRef, redirectUrl: view.redirectUrl };
    },

    async chargeToken(input) {
      return toResult(await call('POST', '/v1/charges', input, ZPaymentView));
    },

    async queryPayment({ providerRef }) {
      return toResult(
        await call(
          'GET',
          `/v1/payments/${encodeURIComponent(providerRef)}`,
          undefined,
          ZPaymentView,
        ),
      );
    },

    async refund({ providerRef, refundId, amount, currency }) {
      const view = await call(
        'POST',
        `/v1/payments/${encodeURIComponent(providerRef)}/refunds`,
        { refundId, amount, currency },
        ZRefundView,
      );
      return { providerRefundId: view.providerRefundId, status: view.status };
    },

    async payout(input) {
      const view = await call('POST', '/v1/payouts', input, ZPayoutView);
      return {
        providerPayoutId: view.providerPayoutId,
        status: view.status,
        ...(view.failureCode ? { failureCode: view.failureCode } : {}),
      };
    },

    async settlementReport({ from, to }) {
      const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
      const report = await call('GET', `/v1/settlements?${query}`, undefined, ZSettlementReport);
      return report.data.map(
        (line): SettlementLine => ({ ...line, settledAt: new Date(line.settledAt) }),
      );
    },

    async dailySettlementFile({ date }) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        throw new AppError('validation_failed', {
          message: 'A date as YYYY-MM-DD.',
          field: 'date',
        });
      }
      let response: Response;
      try {
        response = await fetch(`${baseUrl()}/v1/settlements/daily/${date}.csv`, {
          headers: { authorization: `Bearer ${options.secret}`, accept: 'text/csv' },
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        if (response.ok) return text;
      } catch (error) {
        throw new AppError('provider_unavailable', {
          internalMessage: `${label} daily file ${date}: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        });
      }
      throw new AppError(response.status >= 500 ? 'provider_unavailable' : 'provider_rejected', {
        internalMessage: `${label} daily file ${date}: HTTP ${response.status}`,
      });
    },

    async parseNotification({ headers, rawBody }) {
      return verifyAndParse({ headers, rawBody, secret: options.secret, toleranceSeconds, now });
    },
  };
}

function verifyAndParse(options: {
  headers: IncomingHttpHeaders;
  rawBody: string;
  secret: string;
  toleranceSeconds: number;
  now: () => Date;
}): ProviderNotification {
  const raw = options.headers[SIGNATURE_HEADER];
  if (typeof raw !== 'string') {
    throw signatureInvalid(raw === undefined ? 'no signature header' : 'several signature headers');
  }
  const header = parseSignatureHeader(raw);
  if (!header) throw signatureInvalid('malformed signature header');
  const age = Math.floor(options.now().getTime() / 1000) - header.timestamp;
  if (Math.abs(age) > options.toleranceSeconds) {
    throw signatureInvalid(`signature timestamp ${age}s from now, outside the tolerance`);
  }
  const expected = createHmac('sha256', options.secret)
    .update(`${header.timestamp}.${options.rawBody}`)
    .digest('hex');
  // Compare against every candidate without stopping early: the time taken says nothing about
  // which one (if any) matched.
  let matched = false;
  for (const candidate of header.signatures) matched = safeEqual(candidate, expected) || matched;
  if (!matched) throw signatureInvalid('no v1 signature matches');

  let body: unknown;
  try {
    body = JSON.parse(options.rawBody);
  } catch {
    throw new AppError('provider_payload_invalid', { internalMessage: 'notification is not JSON' });
  }
  const parsed = ZNotification.safeParse(body);
  if (!parsed.success) {
    throw new AppError('provider_payload_invalid', {
      internalMessage: `notification does not parse: ${parsed.error.message}`,
    });
  }
  return parsed.data;
}

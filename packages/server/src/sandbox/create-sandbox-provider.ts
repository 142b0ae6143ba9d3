import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../infra/logger.js';
import { safeEqual } from '../infra/secrets.js';
import { createNotifier } from './notifier.js';
import {
  type CardFormError,
  renderMessagePage,
  renderPaymentPage,
  renderSetupPage,
} from './render-pages.js';
import {
  createSandboxCore,
  type SandboxCardSetup,
  SandboxError,
  type SandboxPayment,
  type SandboxPayout,
  type SandboxRefund,
  type SandboxState,
  type SettlementEntry,
} from './sandbox-core.js';
import { type CardInput, checkCard } from './test-cards.js';

export type SandboxProviderOptions = {
  /** The API key merchants send as a bearer token, and the key notifications are signed with. */
  secret: string;
  /** Where browsers reach the sandbox; default: the address it listens on. */
  publicUrl?: string | undefined;
  logger: Logger;
  /** How long the late-answer card waits before notifying success. */
  lateDelayMs: number;
  /** Waits between notification attempts (attempts = length + 1). */
  notifyRetryDelaysMs?: readonly number[];
  notifyTimeoutMs?: number;
  /** How long a `timeout` fault holds its answer back (the caller gives up long before). */
  faultHoldMs?: number;
};

export type SandboxProvider = {
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops listening, drops pending notifications and late answers. Idempotent. */
  close(): Promise<void>;
  /** The public base URL (throws before `listen` when no publicUrl was given). */
  readonly url: string;
  /** Read-only view of the books, for tests: what the sandbox retains. */
  readonly state: SandboxState;
};

const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_RETRY_DELAYS_MS = [1_000, 4_000, 16_000, 60_000];

const ZHttpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');
const ZAmount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, upper case');
const ZClientId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/);

const ZCreatePayment = z.object({
  paymentId: ZClientId,
  amount: ZAmount,
  currency: ZCurrency,
  description: z.string().max(500).optional(),
  mode: z.enum(['test', 'live']).default('test'),
  returnUrl: ZHttpUrl,
  notifyUrl: ZHttpUrl,
});
const ZCreateCardSetup = z.object({
  setupId: ZClientId,
  userId: ZClientId,
  returnUrl: ZHttpUrl,
  notifyUrl: ZHttpUrl,
});
const ZChargeToken = z.object({
  paymentId: ZClientId,
  token: z.string().min(1).max(200),
  amount: ZAmount,
  currency: ZCurrency,
  notifyUrl: ZHttpUrl,
});
const ZRefund = z.object({ refundId: ZClientId, amount: ZAmount, currency: ZCurrency });
const ZPayout = z.object({
  payoutId: ZClientId,
  amount: ZAmount,
  currency: ZCurrency,
  destination: z.record(z.string().max(100), z.string().max(200)),
});
/**
 * A simulated outage of the payment-creating call, armed by the test: the next `times` calls of
 * POST /v1/payments for exactly `amount` answer 500 and create nothing (`error`), or create the
 * payment and hold the answer back for `faultHoldMs` (`timeout`: the caller gives up, yet the
 * payment exists here and its page can still be paid, as at a real provider that was slow).
 * Scoped by amount so that tests running side by side do not trip over one another's fault.
 */
const ZFault = z.object({
  operation: z.literal('create_payment'),
  fault: z.enum(['error', 'timeout']),
  amount: ZAmount,
  times: z.number().int().min(1).max(20).default(1),
});
type Fault = z.output<typeof ZFault>;

const ZReportRange = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .refine((r) => Date.parse(r.from) <= Date.parse(r.to), 'from must not be after to');
const ZCardForm = z.object({
  number: z.string().max(40).default(''),
  expiry: z.string().max(10).default(''),
  cvc: z.string().max(10).default(''),
  name: z.string().max(200).default(''),
});

function paymentView(payment: SandboxPayment, publicUrl: string) {
  return {
    providerRef: payment.providerRef,
    paymentId: payment.paymentId,
    // Not yet paid on the page is still pending to the merchant: no outcome exists.
    status: payment.status === 'created' ? 'pending' : payment.status,
    amount: payment.amount,
    currency: payment.currency,
    refundedAmount: payment.refundedAmount,
    failureCode: payment.failureCode,
    card: payment.card,
    redirectUrl: payment.source === 'page' ? `${publicUrl}/pay/${payment.providerRef}` : null,
    createdAt: payment.createdAt.toISOString(),
  };
}

function setupView(setup: SandboxCardSetup, publicUrl: string) {
  return {
    providerRef: setup.providerRef,
    setupId: setup.setupId,
    status: setup.status,
    redirectUrl: `${publicUrl}/setup/${setup.providerRef}`,
  };
}

function refundView(refund: SandboxRefund) {
  return { ...refund, createdAt: refund.createdAt.toISOString() };
}

function payoutView(payout: SandboxPayout) {
  const { destination: _omitted, ...rest } = payout;
  return { ...rest, createdAt: payout.createdAt.toISOString() };
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/** `provider_ref,reference,type,amount,currency,fee,settled_at`: ids are ASCII without commas. */
function settlementCsv(lines: SettlementEntry[]): string {
  const rows = ['provider_ref,reference,type,amount,currency,fee,settled_at'];
  for (const l of lines) {
    rows.push(
      [
        l.providerRef,
        l.reference,
        l.type,
        l.amount,
        l.currency,
        l.fee,
        l.settledAt.toISOString(),
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8' });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, html, {
    'content-type': 'text/html; charset=utf-8',
    // No scripts at all; the form posts to this origin and the redirect may leave it.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'",
    'referrer-policy': 'no-referrer',
  });
}

function sendApiError(res: ServerResponse, error: SandboxError): void {
  sendJson(res, error.status, {
    error: {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    },
  });
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SandboxError(
      400,
      'invalid_request',
      issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'Invalid request.',
      issue?.path.join('.') || undefined,
    );
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SandboxError(400, 'invalid_json', 'The body is not JSON.');
  }
}

/** `returnUrl` with the outcome appended; the merchant must still trust only the notification. */
function returnLocation(returnUrl: string, providerRef: string, status: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set('providerRef', providerRef);
  url.searchParams.set('status', status);
  return url.toString();
}

/**
 * A simulated third-party payment provider on its own HTTP server: a bearer-authenticated JSON
 * API for the merchant (Ducat), server-rendered card pages for shoppers, and signed
 * notifications. Its state is in memory (see sandbox-core.ts).
 *
 * @example
 * const sandbox = createSandboxProvider({ secret, logger, lateDelayMs: 10_000 });
 * await sandbox.listen(4010, '127.0.0.1');
 */
export function createSandboxProvider(options: SandboxProviderOptions): SandboxProvider {
  const logger = options.logger.child({ component: 'sandbox-provider' });
  const notifier = createNotifier({
    secret: options.secret,
    logger,
    retryDelaysMs: options.notifyRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.notifyTimeoutMs ?? 5_000,
  });
  const core = createSandboxCore({ notifier, lateDelayMs: options.lateDelayMs });
  const faults: Fault[] = [];
  const held = new Set<NodeJS.Timeout>();
  /** Takes one armed fault for this amount, if any. */
  function faultFor(amount: number): Fault['fault'] | null {
    const index = faults.findIndex((f) => f.amount === amount);
    const fault = faults[index];
    if (!fault) return null;
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault.fault;
  }
  let boundUrl: string | undefined;
  const publicUrl = (): string => {
    const url = options.publicUrl ?? boundUrl;
    if (url === undefined) throw new Error('sandbox provider: url is unknown before listen');
    return url.replace(/\/+$/, '');
  };

  function authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    return safeEqual(token, options.secret);
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    if (!authorized(req)) {
      throw new SandboxError(401, 'unauthorized', 'Send the API key as Authorization: Bearer.');
    }
    const json = async () => parseJson(await readBody(req));
    const paymentRef = /^\/v1\/payments\/([\w-]+)$/.exec(path)?.[1];
    const refundRef = /^\/v1\/payments\/([\w-]+)\/refunds$/.exec(path)?.[1];

    if (method === 'POST' && path === '/v1/faults') {
      const fault = parseWith(ZFault, await json());
      if (faults.length >= 100) faults.shift();
      faults.push(fault);
      sendJson(res, 200, fault);
      return;
    }
    if (method === 'POST' && path === '/v1/payments') {
      const input = parseWith(ZCreatePayment, await json());
      const fault = faultFor(input.amount);
      if (fault === 'error') {
        sendJson(res, 500, { error: { code: 'internal_error', message: 'Simulated outage.' } });
        return;
      }
      const payment = core.createPayment(input);
      if (fault === 'timeout') {
        const timer = setTimeout(() => {
          held.delete(timer);
          if (!res.destroyed) sendJson(res, 200, paymentView(payment, publicUrl()));
        }, options.faultHoldMs ?? 60_000);
        held.add(timer);
        return;
      }
      sendJson(res, 200, paymentView(payment, publicUrl()));
      return;
    }
    if (method === 'GET' && paymentRef) {
      sendJson(res, 200, paymentView(core.paymentOf(paymentRef), publicUrl()));
      return;
    }
    if (method === 'POST' && refundRef) {
      const refund = core.refund(refundRef, parseWith(ZRefund, await json()));
      sendJson(res, 200, refundView(refund));
      return;
    }
    if (method === 'POST' && path === '/v1/card-setups') {
      const setup = core.createCardSetup(parseWith(ZCreateCardSetup, await json()));
      sendJson(res, 200, setupView(setup, publicUrl()));
      return;
    }
    if (method === 'POST' && path === '/v1/charges') {
      const payment = core.chargeToken(parseWith(ZChargeToken, await json()));
      sendJson(res, 200, paymentView(payment, publicUrl()));
      return;
    }
    if (method === 'POST' && path === '/v1/payouts') {
      sendJson(res, 200, payoutView(core.payout(parseWith(ZPayout, await json()))));
      return;
    }
    // The daily settlement file (UTC day), in the columns reconciliation imports.
    const daily = /^\/v1\/settlements\/daily\/(\d{4}-\d{2}-\d{2})\.csv$/.exec(path);
    if (method === 'GET' && daily?.[1]) {
      const from = new Date(`${daily[1]}T00:00:00.000Z`);
      if (Number.isNaN(from.getTime())) throw new SandboxError(404, 'not_found', 'No such day.');
      const lines = core.settlementReport(from, new Date(from.getTime() + 86_400_000));
      send(res, 200, settlementCsv(lines), { 'content-type': 'text/csv; charset=utf-8' });
      return;
    }
    if (method === 'GET' && path === '/v1/settlements') {
      const range = parseWith(ZReportRange, Object.fromEntries(query));
      const lines = core.settlementReport(new Date(range.from), new Date(range.to));
      sendJson(res, 200, {
        data: lines.map((line) => ({ ...line, settledAt: line.settledAt.toISOString() })),
      });
      return;
    }
    throw new SandboxError(404, 'not_found', 'No such API route.');
  }

  async function readCardForm(req: IncomingMessage): Promise<CardInput> {
    const form = new URLSearchParams(await readBody(req));
    const parsed = ZCardForm.safeParse(Object.fromEntries(form));
    return parsed.success ? parsed.data : { number: '', expiry: '', cvc: '', name: '' };
  }

  async function handlePage(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    kind: 'pay' | 'setup',
    ref: string,
  ): Promise<void> {
    const target = kind === 'pay' ? core.state.payments.get(ref) : core.state.setups.get(ref);
    if (!target) {
      sendHtml(
        res,
        404,
        renderMessagePage({ title: 'Not found', message: 'This link is not valid.' }),
      );
      return;
    }
    const render = (error?: CardFormError, values?: { expiry: string; name: string }) =>
      kind === 'pay' && 'amount' in target
        ? renderPaymentPage({
            providerRef: ref,
            amount: target.amount,
            currency: target.currency,
            description: target.description,
            ...(error ? { error } : {}),
            ...(values ? { values } : {}),
          })
        : renderSetupPage({
            providerRef: ref,
            ...(error ? { error } : {}),
            ...(values ? { values } : {}),
          });

    if (target.status !== 'created') {
      sendHtml(
        res,
        method === 'GET' ? 200 : 409,
        renderMessagePage({
          title: 'Already completed',
          message: `This ${kind === 'pay' ? 'payment' : 'card set-up'} is already ${target.status}.`,
          returnUrl: target.returnUrl ?? undefined,
        }),
      );
      return;
    }
    if (method === 'GET') {
      sendHtml(res, 200, render());
      return;
    }
    const input = await readCardForm(req);
    const checked = checkCard(input);
    if (!checked.ok) {
      sendHtml(
        res,
        422,
        render(
          { field: checked.field, message: checked.message },
          { expiry: input.expiry, name: input.name },
        ),
      );
      return;
    }
    let location: string;
    if (kind === 'pay') {
      const payment = core.payWithCard(ref, checked.card);
      const status = payment.status === 'created' ? 'pending' : payment.status;
      location = returnLocation(payment.returnUrl ?? '', ref, status);
    } else {
      const setup = core.saveCard(ref, checked.card);
      // The token exists now, but these cards withhold (or delay) the notification carrying it.
      const withheld =
        checked.card.behaviour === 'no_answer' || checked.card.behaviour === 'late_answer';
      location = returnLocation(setup.returnUrl, ref, withheld ? 'pending' : setup.status);
    }
    res.writeHead(303, { location, 'cache-control': 'no-store', 'content-length': '0' });
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    if (path === '/health') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (path.startsWith('/v1/')) {
      try {
        await handleApi(req, res, method, path, url.searchParams);
      } catch (error) {
        if (error instanceof SandboxError) sendApiError(res, error);
        else if (error instanceof BodyTooLarge) {
          sendApiError(res, new SandboxError(413, 'body_too_large', 'The body is too large.'));
        } else throw error;
      }
      return;
    }
    const page = /^\/(pay|setup)\/([\w-]+)$/.exec(path);
    if (page && (method === 'GET' || method === 'POST')) {
      try {
        await handlePage(req, res, method, page[1] === 'pay' ? 'pay' : 'setup', page[2] ?? '');
      } catch (error) {
        if (error instanceof SandboxError) {
          sendHtml(
            res,
            error.status,
            renderMessagePage({ title: 'Refused', message: error.message }),
          );
        } else if (error instanceof BodyTooLarge) {
          sendHtml(res, 413, renderMessagePage({ title: 'Refused', message: 'Too large.' }));
        } else throw error;
      }
      return;
    }
    sendHtml(res, 404, renderMessagePage({ title: 'Not found', message: 'No such page.' }));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'sandbox provider request failed');
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'internal_error', message: 'Oops.' } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  let closing: Promise<void> | undefined;
  return {
    get url() {
      return publicUrl();
    },
    state: core.state,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          boundUrl = `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${address.port}`;
          resolve(address);
        });
      });
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => {
          if (!server.listening) resolve();
          else server.close(() => resolve());
        });
        server.closeIdleConnections();
        for (const timer of held) clearTimeout(timer);
        held.clear();
        await notifier.close();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

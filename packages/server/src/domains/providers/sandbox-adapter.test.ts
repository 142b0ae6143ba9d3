import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { createLogger } from '../../infra/logger.js';
import {
  createSandboxProvider,
  type SandboxProvider,
} from '../../sandbox/create-sandbox-provider.js';
import { signSandboxNotification } from '../../sandbox/sign-notification.js';
import { closedPort } from '../../test/harness.js';
import {
  type NotificationReceiver,
  type ReceivedNotification,
  startNotificationReceiver,
} from '../../test/notification-receiver.js';
import { createProviderRegistry, getProvider } from './registry.js';
import { createSandboxAdapter } from './sandbox-adapter.js';
import type { ProviderAdapter } from './types.js';

const SECRET = 'adapter-test-secret-0123456789';
// Long enough that a loaded machine still checks "not yet" before the late answer lands.
const LATE_DELAY_MS = 1_000;
const CARDS = {
  success: '4242 4242 4242 4242',
  mastercard: '5555 5555 5555 4444',
  decline: '4000 0000 0000 0002',
  noAnswer: '4000 0000 0000 0010',
  late: '4000 0000 0000 0028',
  duplicate: '4000 0000 0000 0036',
};

let sandbox: SandboxProvider;
let receiver: NotificationReceiver;
let adapter: ProviderAdapter;
let counter = 0;

beforeAll(async () => {
  receiver = await startNotificationReceiver();
  sandbox = createSandboxProvider({
    secret: SECRET,
    logger: createLogger({ level: 'silent' }),
    lateDelayMs: LATE_DELAY_MS,
    notifyRetryDelaysMs: [50, 100],
  });
  await sandbox.listen(0, '127.0.0.1');
  adapter = getProvider(
    createProviderRegistry({ sandbox: { baseUrl: sandbox.url, secret: SECRET, timeoutMs: 5_000 } }),
    'sandbox',
  );
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

function nextId(prefix: string): string {
  counter++;
  return `${prefix}_${Date.now()}_${counter}`;
}

async function startPayment(amount = 1250, description = 'Order #42 at Test Shop') {
  const paymentId = nextId('pp');
  const created = await adapter.createPayment({
    paymentId,
    amount,
    currency: 'EUR',
    description,
    mode: 'test',
    returnUrl: 'https://shop.example/return?order=42',
    notifyUrl: receiver.url,
  });
  return { paymentId, ...created };
}

/** What the page's form does, without a browser. Answers the redirect's target. */
async function submitCard(redirectUrl: string, number: string): Promise<URL> {
  const response = await fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ number, expiry: '12/34', cvc: '123', name: 'Ada Lovelace' }),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location') ?? '');
}

function forRef(providerRef: string) {
  return (n: ReceivedNotification) => n.body.providerRef === providerRef;
}

async function parse(n: ReceivedNotification) {
  return adapter.parseNotification({ headers: n.headers, rawBody: n.rawBody });
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sandbox adapter against the sandbox provider over HTTP', () => {
  it('success: the page redirects back succeeded, one signed notification parses, query agrees', async () => {
    const { paymentId, providerRef, redirectUrl } = await startPayment();
    expect(redirectUrl).toBe(`${sandbox.url}/pay/${providerRef}`);
    expect((await adapter.queryPayment({ providerRef })).status).toBe('pending');

    const back = await submitCard(redirectUrl, CARDS.success);
    expect(back.origin + back.pathname).toBe('https://shop.example/return');
    expect(back.searchParams.get('order')).toBe('42');
    expect(back.searchParams.get('providerRef')).toBe(providerRef);
    expect(back.searchParams.get('status')).toBe('succeeded');

    const [delivered] = await receiver.waitFor(forRef(providerRef));
    expect(delivered?.headers['sandbox-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const notification = await parse(delivered as ReceivedNotification);
    expect(notification).toMatchObject({
      type: 'payment.succeeded',
      providerRef,
      paymentId,
      amount: 1250,
      currency: 'EUR',
      // Brand and last four only (for the shopper's receipt), never the number.
      card: { brand: 'visa', last4: '4242' },
    });
    expect(notification.notificationId).toMatch(/^ntf_/);
    expect(await adapter.queryPayment({ providerRef })).toEqual({
      providerRef,
      paymentId,
      status: 'succeeded',
      amount: 1250,
      currency: 'EUR',
      card: { brand: 'visa', last4: '4242' },
    });
  });

  it('decline: redirected back failed, payment.failed notification with card_declined', async () => {
    const { providerRef, redirectUrl } = await startPayment();
    const back = await submitCard(redirectUrl, CARDS.decline);
    expect(back.searchParams.get('status')).toBe('failed');
    const [delivered] = await receiver.waitFor(forRef(providerRef));
    expect(await parse(delivered as ReceivedNotification)).toMatchObject({
      type: 'payment.failed',
      providerRef,
      failureCode: 'card_declined',
    });
    expect(await adapter.queryPayment({ providerRef })).toMatchObject({
      status: 'failed',
      failureCode: 'card_declined',
    });
  });

  it('no answer: redirected back pending, never notified, the query keeps answering pending', async () => {
    const { providerRef, redirectUrl } = await startPayment();
    const back = await submitCard(redirectUrl, CARDS.noAnswer);
    expect(back.searchParams.get('status')).toBe('pending');
    await pause(LATE_DELAY_MS + 300);
    expect(receiver.received.filter(forRef(providerRef))).toHaveLength(0);
    expect((await adapter.queryPayment({ providerRef })).status).toBe('pending');
  });

  it('late answer: pending at first, success notified only after the configured delay', async () => {
    const { providerRef, redirectUrl } = await startPayment();
    const submittedAt = Date.now();
    const back = await submitCard(redirectUrl, CARDS.late);
    expect(back.searchParams.get('status')).toBe('pending');
    expect((await adapter.queryPayment({ providerRef })).status).toBe('pending');
    expect(receiver.received.filter(forRef(providerRef))).toHaveLength(0);

    const [delivered] = await receiver.waitFor(forRef(providerRef));
    expect((delivered?.at ?? 0) - submittedAt).toBeGreaterThanOrEqual(LATE_DELAY_MS - 20);
    expect((await parse(delivered as ReceivedNotification)).type).toBe('payment.succeeded');
    expect((await adapter.queryPayment({ providerRef })).status).toBe('succeeded');
  });

  it('duplicate notification: three deliveries, one notificationId, each verifies', async () => {
    const { providerRef, redirectUrl } = await startPayment();
    const back = await submitCard(redirectUrl, CARDS.duplicate);
    expect(back.searchParams.get('status')).toBe('succeeded');
    const deliveries = await receiver.waitFor(forRef(providerRef), 3);
    await pause(200);
    expect(receiver.received.filter(forRef(providerRef))).toHaveLength(3);
    const parsed = await Promise.all(deliveries.map(parse));
    expect(new Set(parsed.map((n) => n.notificationId)).size).toBe(1);
    expect(parsed.every((n) => n.type === 'payment.succeeded')).toBe(true);
  });
});

describe('notification signatures', () => {
  const body = JSON.stringify({
    notificationId: 'ntf_test',
    createdAt: new Date().toISOString(),
    type: 'payment.succeeded',
    providerRef: 'pay_test',
    paymentId: 'pp_test',
    amount: 500,
    currency: 'EUR',
  });
  const headersFor = (signature: string) => ({ 'sandbox-signature': signature });
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('accepts a fresh, correct signature', async () => {
    const notification = await adapter.parseNotification({
      headers: headersFor(signSandboxNotification({ secret: SECRET, body })),
      rawBody: body,
    });
    expect(notification).toMatchObject({ notificationId: 'ntf_test', amount: 500 });
  });

  it('refuses a tampered body (amount changed after signing)', async () => {
    const signature = signSandboxNotification({ secret: SECRET, body });
    const error = await refusal(
      adapter.parseNotification({
        headers: headersFor(signature),
        rawBody: body.replace('"amount":500', '"amount":50000'),
      }),
    );
    expect(error.code).toBe('provider_signature_invalid');
  });

  it('refuses a correct signature whose timestamp is more than 5 minutes old or ahead', async () => {
    for (const timestamp of [nowSeconds() - 301, nowSeconds() + 301]) {
      const error = await refusal(
        adapter.parseNotification({
          headers: headersFor(signSandboxNotification({ secret: SECRET, body, timestamp })),
          rawBody: body,
        }),
      );
      expect(error.code).toBe('provider_signature_invalid');
    }
    // Inside the window it is fine.
    const ok = signSandboxNotification({ secret: SECRET, body, timestamp: nowSeconds() - 240 });
    await expect(
      adapter.parseNotification({ headers: headersFor(ok), rawBody: body }),
    ).resolves.toMatchObject({ type: 'payment.succeeded' });
  });

  it('refuses a changed timestamp, another secret, a missing or malformed header', async () => {
    const good = signSandboxNotification({ secret: SECRET, body });
    const moved = good.replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) - 1}`);
    const otherSecret = signSandboxNotification({ secret: 'another-secret-0123456789', body });
    for (const headers of [
      headersFor(moved),
      headersFor(otherSecret),
      {},
      headersFor('garbage'),
      headersFor(`t=${nowSeconds()}`),
    ]) {
      const error = await refusal(adapter.parseNotification({ headers, rawBody: body }));
      expect(error.code).toBe('provider_signature_invalid');
    }
  });

  it('accepts a header with several v1 signatures when one of them matches (secret rotation)', async () => {
    const timestamp = nowSeconds();
    const hmac = (secret: string) =>
      createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    const header = `t=${timestamp},v1=${hmac('old-secret-0123456789')},v1=${hmac(SECRET)}`;
    await expect(
      adapter.parseNotification({ headers: headersFor(header), rawBody: body }),
    ).resolves.toMatchObject({ notificationId: 'ntf_test' });
  });

  it('refuses a correctly signed body that is not a notification', async () => {
    for (const rawBody of ['not json', JSON.stringify({ type: 'payment.succeeded', amount: -1 })]) {
      const error = await refusal(
        adapter.parseNotification({
          headers: headersFor(signSandboxNotification({ secret: SECRET, body: rawBody })),
          rawBody,
        }),
      );
      expect(error.code).toBe('provider_payload_invalid');
    }
  });
});

describe('refunds, payouts and the settlement report', () => {
  it('refunds in parts, never more than was paid, and a retried refund answers the first', async () => {
    const { providerRef, redirectUrl } = await startPayment(1000);
    await submitCard(redirectUrl, CARDS.success);

    const first = await adapter.refund({
      providerRef,
      refundId: 'rf_a',
      amount: 600,
      currency: 'EUR',
    });
    expect(first).toMatchObject({ status: 'succeeded' });
    const replay = await adapter.refund({
      providerRef,
      refundId: 'rf_a',
      amount: 600,
      currency: 'EUR',
    });
    expect(replay.providerRefundId).toBe(first.providerRefundId);

    const tooMuch = await refusal(
      adapter.refund({ providerRef, refundId: 'rf_b', amount: 401, currency: 'EUR' }),
    );
    expect(tooMuch.code).toBe('provider_declined');
    expect(tooMuch.details).toMatchObject({ providerCode: 'amount_exceeds_refundable' });

    await expect(
      adapter.refund({ providerRef, refundId: 'rf_c', amount: 400, currency: 'EUR' }),
    ).resolves.toMatchObject({ status: 'succeeded' });
    const nothingLeft = await refusal(
      adapter.refund({ providerRef, refundId: 'rf_d', amount: 1, currency: 'EUR' }),
    );
    expect(nothingLeft.code).toBe('provider_declined');
  });

  it('refuses to refund a payment that did not succeed', async () => {
    const { providerRef, redirectUrl } = await startPayment(1000);
    await submitCard(redirectUrl, CARDS.decline);
    const error = await refusal(
      adapter.refund({ providerRef, refundId: 'rf_declined', amount: 100, currency: 'EUR' }),
    );
    expect(error.code).toBe('provider_declined');
    expect(error.details).toMatchObject({ providerCode: 'payment_not_succeeded' });
  });

  it('pays out; the test destination "fail" makes a payout fail', async () => {
    const paid = await adapter.payout({
      payoutId: 'po_ok',
      amount: 7000,
      currency: 'EUR',
      destination: { iban: 'DE89370400440532013000' },
    });
    expect(paid).toMatchObject({ status: 'paid' });
    expect(paid.providerPayoutId).toMatch(/^po_/);
    const failed = await adapter.payout({
      payoutId: 'po_fail',
      amount: 7000,
      currency: 'EUR',
      destination: { iban: 'fail' },
    });
    expect(failed).toMatchObject({ status: 'failed', failureCode: 'destination_refused' });
  });

  it('the settlement report lists payments, refunds and payouts of the range, and only them', async () => {
    const from = new Date(Date.now() - 1);
    const { paymentId, providerRef, redirectUrl } = await startPayment(2000);
    await submitCard(redirectUrl, CARDS.success);
    await adapter.refund({ providerRef, refundId: 'rf_report', amount: 500, currency: 'EUR' });
    await adapter.payout({
      payoutId: 'po_report',
      amount: 900,
      currency: 'EUR',
      destination: { account: '12345678' },
    });
    const declined = await startPayment(3000);
    await submitCard(declined.redirectUrl, CARDS.decline);
    const to = new Date(Date.now() + 1);

    const lines = await adapter.settlementReport({ from, to });
    expect(lines.map((l) => [l.type, l.reference, l.amount])).toEqual([
      ['payment', paymentId, 2000],
      ['refund', 'rf_report', 500],
      ['payout', 'po_report', 900],
    ]);
    expect(lines[0]).toMatchObject({ providerRef, currency: 'EUR', fee: 58 });
    expect(lines.every((l) => l.settledAt >= from && l.settledAt < to)).toBe(true);

    const before = await adapter.settlementReport({ from: new Date(0), to: from });
    expect(before.some((l) => l.reference === paymentId)).toBe(false);
  });
});

describe('the daily settlement file', () => {
  it("publishes the UTC day's settled movements as CSV in reconciliation's columns", async () => {
    const { paymentId, providerRef, redirectUrl } = await startPayment(1500);
    await submitCard(redirectUrl, CARDS.success);
    const today = new Date().toISOString().slice(0, 10);
    const csv = await adapter.dailySettlementFile?.({ date: today });
    const [header, ...rows] = (csv ?? '').trim().split('\n');
    expect(header).toBe('provider_ref,reference,type,amount,currency,fee,settled_at');
    const line = rows.find((r) => r.startsWith(`${providerRef},`));
    expect(line?.split(',').slice(0, 6)).toEqual([
      providerRef,
      paymentId,
      'payment',
      '1500',
      'EUR',
      '44',
    ]);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await adapter.dailySettlementFile?.({ date: yesterday })).not.toContain(providerRef);
  });
});

describe('card set-up and charging saved cards', () => {
  async function saveCard(number: string) {
    const setupId = nextId('set');
    const setup = await adapter.createCardSetup({
      setupId,
      userId: 'usr_test',
      returnUrl: 'https://wallet.example/cards',
      notifyUrl: receiver.url,
    });
    const page = await fetch(setup.redirectUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Save a card');
    const back = await submitCard(setup.redirectUrl, number);
    expect(back.searchParams.get('providerRef')).toBe(setup.providerRef);
    const [delivered] = await receiver.waitFor(forRef(setup.providerRef));
    const notification = await parse(delivered as ReceivedNotification);
    if (notification.type !== 'card.tokenized') throw new Error('expected card.tokenized');
    return { setupId, back, notification };
  }

  it('gives a token, brand and last four digits; the sandbox retains no full number or CVC', async () => {
    const { setupId, back, notification } = await saveCard(CARDS.mastercard);
    expect(back.searchParams.get('status')).toBe('succeeded');
    expect(notification).toMatchObject({
      setupId,
      userId: 'usr_test',
      brand: 'mastercard',
      last4: '4444',
      expMonth: 12,
      expYear: 2034,
    });
    expect(notification.token).toMatch(/^tok_[A-Za-z0-9_-]+$/);

    const retained = JSON.stringify(sandbox.state, (_key, value: unknown) =>
      value instanceof Map ? [...value.entries()] : value,
    );
    expect(retained).toContain(notification.token);
    for (const number of Object.values(CARDS)) {
      expect(retained).not.toContain(number.replaceAll(' ', ''));
    }
    expect(retained).not.toMatch(/"(cvc|number|cardNumber)"/);
  });

  it('charges a saved token: success now, a decline card declines, a no-answer card stays pending', async () => {
    const good = await saveCard(CARDS.success);
    const paymentId = nextId('dep');
    const charged = await adapter.chargeToken({
      paymentId,
      token: good.notification.token,
      amount: 5000,
      currency: 'EUR',
      notifyUrl: receiver.url,
    });
    expect(charged).toMatchObject({ paymentId, status: 'succeeded', amount: 5000 });
    const [delivered] = await receiver.waitFor(forRef(charged.providerRef));
    expect((await parse(delivered as ReceivedNotification)).type).toBe('payment.succeeded');

    const declining = await saveCard(CARDS.decline);
    await expect(
      adapter.chargeToken({
        paymentId: nextId('dep'),
        token: declining.notification.token,
        amount: 5000,
        currency: 'EUR',
        notifyUrl: receiver.url,
      }),
    ).resolves.toMatchObject({ status: 'failed', failureCode: 'card_declined' });

    const unknown = await refusal(
      adapter.chargeToken({
        paymentId: nextId('dep'),
        token: 'tok_does_not_exist',
        amount: 5000,
        currency: 'EUR',
        notifyUrl: receiver.url,
      }),
    );
    expect(unknown.code).toBe('provider_declined');
    expect(unknown.details).toMatchObject({ providerCode: 'token_unknown' });
  });

  it('a retried charge with the same paymentId answers the first charge (no second charge)', async () => {
    const { notification } = await saveCard(CARDS.success);
    const input = {
      paymentId: nextId('dep'),
      token: notification.token,
      amount: 700,
      currency: 'EUR',
      notifyUrl: receiver.url,
    };
    const [a, b] = await Promise.all([adapter.chargeToken(input), adapter.chargeToken(input)]);
    expect(a.providerRef).toBe(b?.providerRef);
    const charges = [...sandbox.state.payments.values()].filter(
      (p) => p.paymentId === input.paymentId,
    );
    expect(charges).toHaveLength(1);
  });
});

describe('transport failures', () => {
  it('a provider that is down or too slow is provider_unavailable', async () => {
    const down = createSandboxAdapter({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      secret: SECRET,
    });
    expect((await refusal(down.queryPayment({ providerRef: 'pay_x' }))).code).toBe(
      'provider_unavailable',
    );

    const hanging = http.createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const slow = createSandboxAdapter({
        baseUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
        secret: SECRET,
        timeoutMs: 200,
      });
      const started = Date.now();
      expect((await refusal(slow.queryPayment({ providerRef: 'pay_x' }))).code).toBe(
        'provider_unavailable',
      );
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('a wrong API key is provider_rejected; an unknown payment is provider_payment_unknown', async () => {
    const wrongKey = createSandboxAdapter({ baseUrl: sandbox.url, secret: 'wrong-key-0123456789' });
    const rejected = await refusal(wrongKey.queryPayment({ providerRef: 'pay_x' }));
    expect(rejected.code).toBe('provider_rejected');
    expect(rejected.details).toMatchObject({ providerStatus: 401 });
    expect((await refusal(adapter.queryPayment({ providerRef: 'pay_nope' }))).code).toBe(
      'provider_payment_unknown',
    );
  });

  it('an unconfigured provider name is provider_unknown', () => {
    expect(() => getProvider(createProviderRegistry({}), 'sandbox')).toThrowError(
      expect.objectContaining({ code: 'provider_unknown' }),
    );
  });
});

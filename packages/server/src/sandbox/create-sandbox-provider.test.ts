import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../infra/logger.js';
import {
  type NotificationReceiver,
  startNotificationReceiver,
} from '../test/notification-receiver.js';
import { createSandboxProvider, type SandboxProvider } from './create-sandbox-provider.js';
import { computeSandboxSignature } from './sign-notification.js';
import { checkCard, isLuhnValid, TEST_CARDS } from './test-cards.js';

const SECRET = 'sandbox-test-secret-0123456789';
const logger = createLogger({ level: 'silent' });

let sandbox: SandboxProvider;
let receiver: NotificationReceiver;
let counter = 0;

/** Refuses the first two deliveries of notifications for payments whose id starts with `flaky`. */
function answer(_index: number, body: Record<string, unknown>): number {
  if (String(body.paymentId ?? '').startsWith('flaky')) {
    const seen = receiver.received.filter((n) => n.body.paymentId === body.paymentId).length;
    return seen < 2 ? 503 : 204;
  }
  return 200;
}

beforeAll(async () => {
  receiver = await startNotificationReceiver({ answer });
  sandbox = createSandboxProvider({
    secret: SECRET,
    logger,
    lateDelayMs: 200,
    notifyRetryDelaysMs: [50, 100, 150],
  });
  await sandbox.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

async function api(method: string, path: string, body?: unknown, key = SECRET) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function createPayment(overrides: Record<string, unknown> = {}) {
  counter++;
  const { status, body } = await api('POST', '/v1/payments', {
    paymentId: `pp_${counter}`,
    amount: 1250,
    currency: 'EUR',
    description: 'Order <b>#42</b> & more',
    returnUrl: 'https://shop.example/back',
    notifyUrl: receiver.url,
    ...overrides,
  });
  expect(status).toBe(200);
  return body as unknown as { providerRef: string; redirectUrl: string; paymentId: string };
}

function postCard(url: string, fields: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      number: '4242424242424242',
      expiry: '12/34',
      cvc: '123',
      name: 'Ada Lovelace',
      ...fields,
    }),
    redirect: 'manual',
  });
}

describe('test cards', () => {
  it('every listed test card passes the Luhn check; a typo does not', () => {
    for (const card of TEST_CARDS) expect(isLuhnValid(card.number)).toBe(true);
    expect(isLuhnValid('4242424242424241')).toBe(false);
  });

  it('reduces a valid card to brand, last four and expiry, and refuses bad fields by name', () => {
    const now = new Date('2026-06-15T00:00:00Z');
    expect(
      checkCard({ number: '4000 0000 0000 0028', expiry: '06/26', cvc: '123', name: 'A' }, now),
    ).toEqual({
      ok: true,
      card: { brand: 'visa', last4: '0028', expMonth: 6, expYear: 2026, behaviour: 'late_answer' },
    });
    const base = { number: '4242424242424242', expiry: '12/30', cvc: '123', name: 'A' };
    expect(checkCard({ ...base, number: '4242424242424241' }, now)).toMatchObject({
      ok: false,
      field: 'number',
    });
    expect(checkCard({ ...base, expiry: '05/26' }, now)).toMatchObject({ field: 'expiry' });
    expect(checkCard({ ...base, expiry: '13/30' }, now)).toMatchObject({ field: 'expiry' });
    expect(checkCard({ ...base, cvc: '12' }, now)).toMatchObject({ field: 'cvc' });
    expect(checkCard({ ...base, name: ' ' }, now)).toMatchObject({ field: 'name' });
  });
});

describe('sandbox payment page', () => {
  it('shows the amount and the escaped description, a labelled card form and the test cards', async () => {
    const { redirectUrl } = await createPayment();
    const response = await fetch(redirectUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('€12.50');
    expect(html).toContain('Order &lt;b&gt;#42&lt;/b&gt; &amp; more');
    expect(html).not.toContain('<b>#42</b>');
    for (const field of ['number', 'expiry', 'cvc', 'name']) {
      expect(html).toMatch(new RegExp(`<label for="${field}">`));
      expect(html).toMatch(new RegExp(`<input id="${field}" name="${field}"`));
    }
    for (const card of TEST_CARDS) {
      expect(html).toContain(card.number.replace(/(\d{4})(?=\d)/g, '$1 '));
    }
  });

  it('formats amounts in the currency’s minor units (JPY has none)', async () => {
    const { redirectUrl } = await createPayment({ amount: 1250, currency: 'JPY' });
    expect(await (await fetch(redirectUrl)).text()).toContain('¥1,250');
  });

  it('a bad card re-renders the form with the error, without echoing the number or CVC', async () => {
    const { redirectUrl, providerRef } = await createPayment();
    const response = await postCard(redirectUrl, { number: '4242 4242 4242 4241', cvc: '987' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Enter a valid card number.');
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain('4241');
    expect(html).not.toContain('987');
    expect(sandbox.state.payments.get(providerRef)?.status).toBe('created');
  });

  it('the form post redirects to returnUrl with providerRef and status; a second post is refused', async () => {
    const { redirectUrl, providerRef } = await createPayment();
    const response = await postCard(redirectUrl, {});
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://shop.example/back');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      providerRef,
      status: 'succeeded',
    });
    const again = await postCard(redirectUrl, {});
    expect(again.status).toBe(409);
    const page = await fetch(redirectUrl);
    expect(await page.text()).toContain('already succeeded');
    expect(sandbox.state.payments.get(providerRef)?.card).toEqual({
      brand: 'visa',
      last4: '4242',
    });
  });

  it('an unknown link is a 404 page', async () => {
    expect((await fetch(`${sandbox.url}/pay/pay_nope`)).status).toBe(404);
    expect((await fetch(`${sandbox.url}/setup/seti_nope`)).status).toBe(404);
  });
});

describe('sandbox notifications', () => {
  it('are retried with backoff until the receiver answers 2xx, signed each time, same body', async () => {
    const { providerRef, redirectUrl } = await createPayment({ paymentId: `flaky_${Date.now()}` });
    await postCard(redirectUrl, {});
    const deliveries = await receiver.waitFor((n) => n.body.providerRef === providerRef, 3);
    expect(deliveries.map((n) => n.answered)).toEqual([503, 503, 204]);
    expect(new Set(deliveries.map((n) => n.rawBody)).size).toBe(1);
    for (const delivery of deliveries) {
      const header = String(delivery.headers['sandbox-signature']);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
      expect(v1).toBe(
        computeSandboxSignature({ secret: SECRET, timestamp: Number(t), body: delivery.rawBody }),
      );
    }
    const gaps = deliveries.slice(1).map((n, i) => n.at - (deliveries[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
    const record = sandbox.state.notifications.get(String(deliveries[0]?.body.notificationId));
    // The receiver logs a delivery before its answer reaches the sandbox: wait for the answer.
    await vi.waitFor(() => expect(record?.acknowledged).toBe(true));
    expect(record?.attempts.map((a) => a.status)).toEqual([503, 503, 204]);
  });

  it('stops retrying after the last delay when the receiver never accepts', async () => {
    const closedReceiver = await startNotificationReceiver({ answer: () => 500 });
    try {
      const { providerRef, redirectUrl } = await createPayment({ notifyUrl: closedReceiver.url });
      await postCard(redirectUrl, {});
      await closedReceiver.waitFor(() => true, 4);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(closedReceiver.received).toHaveLength(4);
      const record = [...sandbox.state.notifications.values()].find((n) =>
        n.body.includes(providerRef),
      );
      expect(record?.acknowledged).toBe(false);
    } finally {
      await closedReceiver.close();
    }
  });

  it('a late answer pending when the sandbox closes is never sent', async () => {
    const late = await startNotificationReceiver();
    const short = createSandboxProvider({ secret: SECRET, logger, lateDelayMs: 300 });
    await short.listen(0, '127.0.0.1');
    try {
      const created = await fetch(`${short.url}/v1/payments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          paymentId: 'pp_closing',
          amount: 100,
          currency: 'EUR',
          returnUrl: 'https://shop.example/back',
          notifyUrl: late.url,
        }),
      });
      const { redirectUrl } = (await created.json()) as { redirectUrl: string };
      const response = await postCard(redirectUrl, { number: '4000000000000028' });
      expect(new URL(response.headers.get('location') ?? '').searchParams.get('status')).toBe(
        'pending',
      );
      await short.close();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(late.received).toHaveLength(0);
    } finally {
      await short.close();
      await late.close();
    }
  });
});

describe('sandbox API', () => {
  it('requires the bearer API key', async () => {
    const wrong = await api('GET', '/v1/payments/pay_x', undefined, 'not-the-key');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      error: { code: 'unauthorized', message: expect.any(String) },
    });
    const none = await fetch(`${sandbox.url}/v1/payments/pay_x`);
    expect(none.status).toBe(401);
  });

  it('refuses bad input naming the field', async () => {
    const bad = await api('POST', '/v1/payments', {
      paymentId: 'pp_bad',
      amount: 12.5,
      currency: 'EUR',
      returnUrl: 'https://shop.example/back',
      notifyUrl: receiver.url,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request', field: 'amount' } });
    const script = await api('POST', '/v1/payments', {
      paymentId: 'pp_bad',
      amount: 100,
      currency: 'EUR',
      returnUrl: 'javascript:alert(1)',
      notifyUrl: receiver.url,
    });
    expect(script.body).toMatchObject({ error: { field: 'returnUrl' } });
    const notJson = await fetch(`${sandbox.url}/v1/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}` },
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('treats paymentId as an idempotency key: same parameters, same payment; others refused', async () => {
    const first = await createPayment({ paymentId: 'pp_idem' });
    const again = await createPayment({ paymentId: 'pp_idem' });
    expect(again.providerRef).toBe(first.providerRef);
    const other = await api('POST', '/v1/payments', {
      paymentId: 'pp_idem',
      amount: 9999,
      currency: 'EUR',
      returnUrl: 'https://shop.example/back',
      notifyUrl: receiver.url,
    });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: 'payment_id_reused' } });
  });

  it('serves the card set-up page and redirects after saving the card', async () => {
    const setup = await api('POST', '/v1/card-setups', {
      setupId: 'set_page',
      userId: 'usr_1',
      returnUrl: 'https://wallet.example/cards',
      notifyUrl: receiver.url,
    });
    const { redirectUrl, providerRef } = setup.body as { redirectUrl: string; providerRef: string };
    const html = await (await fetch(redirectUrl)).text();
    expect(html).toContain('<label for="number">Card number</label>');
    const response = await postCard(redirectUrl, { number: '5555555555554444' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `https://wallet.example/cards?providerRef=${providerRef}&status=succeeded`,
    );
    const [notification] = await receiver.waitFor((n) => n.body.providerRef === providerRef);
    expect(notification?.body).toMatchObject({
      type: 'card.tokenized',
      setupId: 'set_page',
      brand: 'mastercard',
      last4: '4444',
    });
  });
});

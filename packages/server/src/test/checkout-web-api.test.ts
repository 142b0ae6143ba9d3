import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerTransfers, orders } from '../db/schema/index.js';
import { createProviderRegistry } from '../domains/providers/registry.js';
import { createSandboxProvider, type SandboxProvider } from '../sandbox/create-sandbox-provider.js';
import { useTestEnv } from './harness.js';
import { Browser } from './identity.js';
import {
  balanceOf,
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  resultData,
  startPaymentServer,
  submitSandboxCard,
  type TestMerchant,
  waitUntil,
} from './payments.js';

/**
 * The procedures the checkout web app adds: the embed page's allowed origins, the pending page's
 * payment poll (which settles from a provider status query when the notification never comes),
 * the shopper's order history, and Idempotency-Keys on the pay buttons.
 */
const t = useTestEnv(PAYMENT_TEST_ENV);
const SECRET = 'sandbox-provider-test-secret';
let sandbox: SandboxProvider;
let server: PaymentServer;
let merchant: TestMerchant;

const CARDS = {
  success: '4242424242424242',
  decline: '4000000000000002',
  noAnswer: '4000000000000010',
};

async function newOrder(amount = 2_000): Promise<{ orderId: string; token: string }> {
  const created = await merchant.call('mutation', 'orders.create', orderInput({ amount }));
  const { order, checkout } = resultData<{ order: { id: string }; checkout: { token: string } }>(
    created,
  );
  return { orderId: order.id, token: checkout.token };
}

/** Starts a provider payment and types the card on the sandbox's page. */
async function payByCard(browser: Browser, token: string, card: string): Promise<void> {
  const started = await browser.mutation('checkout.payWithProvider', {
    token,
    provider: 'sandbox',
  });
  const { redirectUrl } = resultData<{ redirectUrl: string }>(started);
  expect((await submitSandboxCard(redirectUrl, card)).status).toBe(303);
}

beforeAll(async () => {
  sandbox = createSandboxProvider({
    secret: SECRET,
    logger: t().logger,
    lateDelayMs: 60_000,
    notifyRetryDelaysMs: [100],
  });
  await sandbox.listen(0, '127.0.0.1');
  // No notification route: every provider notification is lost, only status queries settle.
  server = await startPaymentServer(t(), {
    providers: createProviderRegistry({ sandbox: { baseUrl: () => sandbox.url, secret: SECRET } }),
  });
  merchant = await paymentMerchant(t(), server.base);
});

afterAll(async () => {
  await sandbox.close();
  await server.stop();
});

describe('checkout.embedOrigins', () => {
  it("answers the merchant's allowed origins for a good link and error_signature for a tampered one", async () => {
    const { token } = await newOrder();
    const guest = new Browser(server.base);
    const ok = await guest.query('checkout.embedOrigins', { token });
    expect(resultData(ok)).toEqual({ allowedOrigins: ['https://shop.example'] });
    const [head, payload, signature] = token.split('.');
    const tampered = `${head}.${payload}.${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`;
    const bad = await guest.query('checkout.embedOrigins', { token: tampered });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data.code).toBe('error_signature');
  });
});

describe('checkout.payment', () => {
  it('settles a provider payment whose notification was lost from a status query', async () => {
    const { orderId, token } = await newOrder();
    const guest = new Browser(server.base);
    await payByCard(guest, token, CARDS.success);
    const polled = await waitUntil(
      async () =>
        resultData<{
          view: { status: string; redirectUrl: string | null };
          payment: { status: string };
        }>(await guest.query('checkout.payment', { token })),
      (v) => v.view.status !== 'created',
    );
    expect(polled.view.status).toBe('checkout_success');
    expect(polled.payment.status).toBe('succeeded');
    expect(polled.view.redirectUrl).toContain('signature=');
    const [row] = await t().database.db.select().from(orders).where(eq(orders.id, orderId));
    expect(row?.status).toBe('checkout_success');
    const captures = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(and(eq(ledgerTransfers.reference, orderId), eq(ledgerTransfers.kind, 'payment')));
    expect(captures).toHaveLength(1);
  });

  it('reports a declined card as a failed payment on an order that stays payable', async () => {
    const { token } = await newOrder();
    const guest = new Browser(server.base);
    await payByCard(guest, token, CARDS.decline);
    const polled = await waitUntil(
      async () =>
        resultData<{ view: { status: string }; payment: { status: string; failureCode: string } }>(
          await guest.query('checkout.payment', { token }),
        ),
      (v) => v.payment.status !== 'created',
    );
    expect(polled).toMatchObject({
      view: { status: 'created' },
      payment: { status: 'failed', failureCode: 'card_declined' },
    });
  });

  it('keeps a provider that never answers pending, with the order still open', async () => {
    const { token } = await newOrder();
    const guest = new Browser(server.base);
    await payByCard(guest, token, CARDS.noAnswer);
    const first = resultData<{ view: { status: string }; payment: { status: string } }>(
      await guest.query('checkout.payment', { token }),
    );
    expect(first).toMatchObject({ view: { status: 'created' }, payment: { status: 'created' } });
  });

  it('answers no payment for an order nobody started paying', async () => {
    const { token } = await newOrder();
    const res = await new Browser(server.base).query('checkout.payment', { token });
    expect(resultData(res)).toMatchObject({ view: { status: 'created' }, payment: null });
  });
});

describe('wallet.orders', () => {
  it("lists the shopper's own orders newest first, paged, and nobody else's", async () => {
    const ann = await paymentShopper(t(), server, 10_000);
    const bob = await paymentShopper(t(), server, 10_000);
    const paid: string[] = [];
    for (const amount of [100, 200, 300]) {
      const { orderId, token } = await newOrder(amount);
      const res = await ann.browser.mutation('checkout.payWithWallet', { token });
      expect(resultData<{ status: string }>(res).status).toBe('checkout_success');
      paid.push(orderId);
    }
    const first = resultData<{
      orders: { id: string; merchantName: string; status: string }[];
      nextCursor: string;
    }>(await ann.browser.query('wallet.orders', { limit: 2 }));
    expect(first.orders.map((o) => o.id)).toEqual([paid[2], paid[1]]);
    expect(first.orders[0]).toMatchObject({
      merchantName: 'Test Shop',
      status: 'checkout_success',
    });
    const second = resultData<{ orders: { id: string }[]; nextCursor: string | null }>(
      await ann.browser.query('wallet.orders', { limit: 2, cursor: first.nextCursor }),
    );
    expect(second.orders.map((o) => o.id)).toEqual([paid[0]]);
    expect(second.nextCursor).toBeNull();
    const other = resultData<{ orders: unknown[] }>(await bob.browser.query('wallet.orders', {}));
    expect(other.orders).toEqual([]);
    const guest = await new Browser(server.base).query('wallet.orders', {});
    expect(guest.body.error?.data.code).toBe('session_required');
  });
});

describe('pay buttons with an Idempotency-Key', () => {
  it('a repeated wallet payment under one key answers the first result and charges once', async () => {
    const shopper = await paymentShopper(t(), server, 5_000);
    const { orderId, token } = await newOrder(1_500);
    const key = { 'idempotency-key': `pay-${orderId}` };
    const answers = await Promise.all([
      shopper.browser.mutation('checkout.payWithWallet', { token }, key),
      shopper.browser.mutation('checkout.payWithWallet', { token }, key),
    ]);
    // One of two concurrent clicks may be told to retry (the first still runs); none is charged twice.
    const codes = answers.map(
      (a) => a.body.error?.data.code ?? resultData<{ status: string }>(a).status,
    );
    expect(codes).toContain('checkout_success');
    for (const code of codes) {
      expect(['checkout_success', 'idempotency_key_in_use', 'order_busy']).toContain(code);
    }
    const again = await shopper.browser.mutation('checkout.payWithWallet', { token }, key);
    expect(resultData<{ status: string }>(again).status).toBe('checkout_success');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await balanceOf(t(), shopper.walletId)).toBe(3_500);
  });

  it('an order_busy refusal is not replayed: the retry under the same key pays', async () => {
    const shopper = await paymentShopper(t(), server, 5_000);
    const { orderId, token } = await newOrder(1_000);
    const key = { 'idempotency-key': `busy-${orderId}` };
    // Another request holds the order (its lock, as withLock takes it).
    await t().redis.set(`lock:order:${orderId}`, 'someone-else', 'PX', 30_000);
    const busy = await shopper.browser.mutation('checkout.payWithWallet', { token }, key);
    expect(busy.body.error?.data.code).toBe('order_busy');
    await t().redis.del(`lock:order:${orderId}`);
    const retried = await shopper.browser.mutation('checkout.payWithWallet', { token }, key);
    expect(resultData<{ status: string }>(retried).status).toBe('checkout_success');
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await balanceOf(t(), shopper.walletId)).toBe(4_000);
  });

  it('a provider payment retried under one key starts one provider payment', async () => {
    const { token } = await newOrder();
    const guest = new Browser(server.base);
    const key = { 'idempotency-key': `card-${token.slice(-12)}` };
    const first = resultData<{ paymentId: string; redirectUrl: string }>(
      await guest.mutation('checkout.payWithProvider', { token, provider: 'sandbox' }, key),
    );
    const second = resultData<{ paymentId: string; redirectUrl: string }>(
      await guest.mutation('checkout.payWithProvider', { token, provider: 'sandbox' }, key),
    );
    expect(second).toEqual(first);
  });
});

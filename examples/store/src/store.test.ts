import { Ducat, webhooks } from '@ducat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The real platform, started in-process on a test database and Redis as the server's own tests do.
import { closedPort, useTestEnv } from '../../../packages/server/src/test/harness.js';
import {
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  startIpnPump,
  startPaymentServer,
  type TestMerchant,
} from '../../../packages/server/src/test/payments.js';
import { createStore, type ReceivedEvent, type Store, type StoreOrder } from './store.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let merchant: TestMerchant;
let store: Store;
let storeUrl: string;
let pump: { stop(): Promise<void> } | undefined;

type StoreState = { orders: StoreOrder[]; events: ReceivedEvent[] };

async function storeState(): Promise<StoreState> {
  return (await (await fetch(`${storeUrl}/api/orders`)).json()) as StoreState;
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function redirectOf(res: { body: { result?: { data: unknown } } }): string {
  const data = res.body.result?.data as { redirectUrl?: string } | undefined;
  if (!data?.redirectUrl) throw new Error(`no redirect: ${JSON.stringify(res.body)}`);
  return data.redirectUrl;
}

/** A shopper clicks "Buy" on the product page; the store answers with the checkout redirect. */
async function buy(productId: string): Promise<{ location: string; token: string }> {
  const res = await fetch(`${storeUrl}/buy`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ productId, mode: 'redirect' }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  const location = res.headers.get('location') ?? '';
  const token = decodeURIComponent(new URL(location).pathname.split('/pay/')[1] ?? '');
  return { location, token };
}

beforeAll(async () => {
  server = await startPaymentServer(t());
  const port = await closedPort();
  storeUrl = `http://127.0.0.1:${port}`;
  merchant = await paymentMerchant(t(), server.base, { ipnUrl: `${storeUrl}/api/ducat/ipn` });
  store = createStore({
    ducat: new Ducat({
      merchantId: merchant.merchantId,
      merchantKey: merchant.apiKey,
      baseUrl: server.base,
    }),
    webhookSecret: merchant.webhookSecret,
    publicUrl: storeUrl,
    checkoutUrl: 'http://localhost:3000',
  });
  await store.listen(port, '127.0.0.1');
  pump = startIpnPump(t());
});

afterAll(async () => {
  await pump?.stop();
  await store?.close();
  await server?.stop();
});

describe('the example store over HTTP against the real platform', () => {
  it('sells a mug: order, hosted checkout, wallet payment, verified IPN, verified return', async () => {
    const page = await fetch(storeUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Ducat mug');

    const { location, token } = await buy('mug');
    expect(location).toContain('/pay/');
    const [order] = (await storeState()).orders;
    expect(order).toMatchObject({
      productId: 'mug',
      amount: 1_250,
      ducatStatus: 'created',
      paidAt: null,
    });

    const shopper = await paymentShopper(t(), server, 5_000);
    const paid = await shopper.browser.mutation('checkout.payWithWallet', { token });
    expect(paid.status).toBe(200);
    const redirectUrl = redirectOf(paid);

    const state = await until(storeState, (s) => s.orders[0]?.paidAt !== null);
    expect(state.orders[0]).toMatchObject({ ducatStatus: 'checkout_success', lastSeq: 1 });
    expect(state.events).toEqual([
      {
        id: expect.stringMatching(/^evt_/),
        type: 'order.checkout_success',
        seq: 1,
        orderId: order?.ducatOrderId,
        duplicate: false,
      },
    ]);

    // The shopper's browser follows the platform's signed redirect back to the store.
    expect(redirectUrl.startsWith(`${storeUrl}/checkout/return?`)).toBe(true);
    const back = await fetch(redirectUrl);
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('checkout_success');
    expect((await storeState()).orders[0]?.returnVerified).toBe(true);

    const orders = await (await fetch(`${storeUrl}/orders`)).text();
    expect(orders).toContain(order?.id ?? 'missing');
    expect(orders).toContain('paid (IPN verified');
  });

  it('refuses a tampered return link and an IPN with a bad signature, changing nothing', async () => {
    const { token } = await buy('tee');
    const shopper = await paymentShopper(t(), server, 5_000);
    const paid = await shopper.browser.mutation('checkout.payWithWallet', { token });
    const redirectUrl = redirectOf(paid);
    const tampered = new URL(redirectUrl);
    tampered.searchParams.set('amount', '1');
    const refusedReturn = await fetch(tampered);
    expect(refusedReturn.status).toBe(400);
    expect(await refusedReturn.text()).toContain('signature_mismatch');

    const before = await until(storeState, (s) => s.orders.every((o) => o.paidAt !== null));
    const forged = JSON.stringify({
      id: 'evt_forged',
      type: 'order.checkout_success',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      seq: 9,
      data: { order: { id: before.orders[1]?.ducatOrderId, status: 'refunded' } },
    });
    const res = await fetch(`${storeUrl}/api/ducat/ipn`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'ducat-signature': await webhooks.generateTestHeader({
          payload: forged,
          secret: 'dwhsec_test_wrong',
        }),
      },
      body: forged,
    });
    expect(res.status).toBe(400);
    const after = await storeState();
    expect(after.events.map((e) => e.id)).not.toContain('evt_forged');
    expect(after.orders).toEqual(before.orders);
  });

  it('marks an order paid once even when the same IPN arrives twice', async () => {
    const { token } = await buy('stickers');
    const shopper = await paymentShopper(t(), server, 5_000);
    await shopper.browser.mutation('checkout.payWithWallet', { token });
    const first = await until(storeState, (s) => s.orders[2]?.paidAt !== null);
    const order = first.orders[2];
    const event = first.events.find((e) => e.orderId === order?.ducatOrderId);
    if (!order?.ducatOrderId || !event) throw new Error('no paid order');

    // The same event again (same id), correctly signed, as a platform retry would send it.
    const current = await new Ducat({
      merchantId: merchant.merchantId,
      merchantKey: merchant.apiKey,
      baseUrl: server.base,
    }).orders.get(order.ducatOrderId);
    const again = JSON.stringify({
      id: event.id,
      type: event.type,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      seq: event.seq,
      data: { order: current },
    });
    // Twice at once, as two platform workers racing on a lapsed lease could.
    const header = await webhooks.generateTestHeader({
      payload: again,
      secret: merchant.webhookSecret,
    });
    const answers = await Promise.all(
      [0, 1].map(() =>
        fetch(`${storeUrl}/api/ducat/ipn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'ducat-signature': header },
          body: again,
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const after = await storeState();
    expect(after.orders[2]?.paidAt).toBe(order.paidAt);
    const deliveries = after.events.filter((e) => e.id === event.id);
    expect(deliveries.map((e) => e.duplicate)).toEqual([false, true, true]);
  });
});

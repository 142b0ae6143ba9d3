import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The real server, started in-process on the test database and Redis, as its own tests do.
import { handleProviderNotification } from '../../server/src/domains/checkout/handle-provider-notification.js';
import { ZOrder } from '../../server/src/domains/orders/schemas.js';
import { createProviderRegistry } from '../../server/src/domains/providers/registry.js';
import { ZPayout, ZRefund } from '../../server/src/routers/merchant/money.js';
import {
  createSandboxProvider,
  type SandboxProvider,
} from '../../server/src/sandbox/create-sandbox-provider.js';
import { useTestEnv } from '../../server/src/test/harness.js';
import { Browser } from '../../server/src/test/identity.js';
import {
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  startIpnPump,
  startPaymentServer,
  type TestMerchant,
} from '../../server/src/test/payments.js';
import {
  AuthenticationError,
  ConflictError,
  type CreateOrderParams,
  callbacks,
  Ducat,
  IdempotencyError,
  InvalidRequestError,
  NotFoundError,
  type OrderEvent,
  type RefundEvent,
  webhooks,
} from '../src/index.js';
import { type IpnReceiver, startIpnReceiver } from './ipn-receiver.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
const SANDBOX_SECRET = 'sandbox-provider-test-secret';
let sandbox: SandboxProvider;
let server: PaymentServer;
let receiver: IpnReceiver;
let merchant: TestMerchant;
let ducat: Ducat;
let pump: { stop(): Promise<void> } | undefined;

function orderParams(overrides: Partial<CreateOrderParams> = {}): CreateOrderParams {
  return {
    reference: `sdk-${Math.random().toString(36).slice(2, 12)}`,
    amount: 2_500,
    currency: 'EUR',
    description: 'Two coffees',
    returnUrl: 'https://shop.example/return',
    cancelUrl: 'https://shop.example/cart',
    ...overrides,
  };
}

function clientFor(m: TestMerchant, base = server.base): Ducat {
  return new Ducat({
    merchantId: m.merchantId,
    merchantKey: m.apiKey,
    baseUrl: base,
    initialRetryDelayMs: 20,
  });
}

function data<T>(res: { body: { result?: { data: unknown } } }): T {
  if (!res.body.result) throw new Error(`no result: ${JSON.stringify(res.body)}`);
  return res.body.result.data as T;
}

/** A guest pays the order's checkout by card on the sandbox provider's page. */
async function payBySandboxCard(token: string): Promise<void> {
  const guest = new Browser(server.base);
  const started = await guest.mutation('checkout.payWithProvider', { token, provider: 'sandbox' });
  const { redirectUrl } = data<{ redirectUrl: string }>(started);
  const submitted = await fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      number: '4242424242424242',
      expiry: '12/34',
      cvc: '123',
      name: 'Ada Lovelace',
    }),
    redirect: 'manual',
  });
  expect(submitted.status).toBe(303);
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

beforeAll(async () => {
  sandbox = createSandboxProvider({
    secret: SANDBOX_SECRET,
    logger: t().logger,
    lateDelayMs: 1_000,
    notifyRetryDelaysMs: [200, 500, 1_000],
  });
  await sandbox.listen(0, '127.0.0.1');
  server = await startPaymentServer(t(), {
    providers: createProviderRegistry({
      sandbox: { baseUrl: () => sandbox.url, secret: SANDBOX_SECRET },
    }),
    onNotification: handleProviderNotification,
  });
  server.services.config.apiUrl = server.base;
  receiver = await startIpnReceiver(() => merchant.webhookSecret);
  merchant = await paymentMerchant(t(), server.base, { feeBps: 100, ipnUrl: receiver.url });
  ducat = clientFor(merchant);
  pump = startIpnPump(t());
});

afterAll(async () => {
  await pump?.stop();
  await receiver.close();
  await sandbox.close();
  await server.stop();
});

describe('the SDK against the real server', () => {
  it('create -> pay (sandbox card) -> IPN verified -> return URL verified -> refund -> refund IPN', async () => {
    const { order, checkout } = await ducat.orders.create(orderParams({ amount: 4_000 }));
    // The answers match the server's own output schemas, field for field.
    expect(ZOrder.strict().parse(order)).toEqual(order);
    expect(order).toMatchObject({
      status: 'created',
      amount: 4_000,
      currency: 'EUR',
      mode: 'test',
    });
    expect(checkout.url).toContain(`/pay/${checkout.token}`);

    await payBySandboxCard(checkout.token);
    const paid = await receiver.waitFor(
      (e): e is OrderEvent => e.type === 'order.checkout_success' && e.data.order.id === order.id,
    );
    expect(paid).toMatchObject({ livemode: false, seq: 1 });
    expect(paid.data.order).toMatchObject({ status: 'checkout_success', capturedAmount: 4_000 });
    expect(ZOrder.strict().parse(paid.data.order)).toEqual(paid.data.order);
    expect(receiver.refused).toEqual([]);

    // The shopper's return redirect, as the checkout hands it out.
    const view = await new Browser(server.base).query('checkout.open', { token: checkout.token });
    const { redirectUrl } = data<{ redirectUrl: string }>(view);
    const back = await callbacks.verify(redirectUrl, merchant.webhookSecret);
    expect(back).toMatchObject({ orderId: order.id, status: 'checkout_success', amount: 4_000 });
    expect(await ducat.callbacks.verify(new URL(redirectUrl), [merchant.webhookSecret])).toEqual(
      back,
    );

    expect((await ducat.orders.get(order.id)).status).toBe('checkout_success');

    const refund = await ducat.refunds.create({
      orderId: order.id,
      amount: 1_500,
      reason: 'one cup',
    });
    expect(ZRefund.strict().parse(refund)).toEqual(refund);
    expect(refund).toMatchObject({ amount: 1_500, currency: 'EUR' });
    const settled = await until(
      async () => (await ducat.refunds.list(order.id)).data,
      (list) => list.length === 1 && list[0]?.status === 'succeeded',
    );
    expect(settled[0]?.id).toBe(refund.id);
    const refundedIpn = await receiver.waitFor(
      (e): e is OrderEvent => e.type === 'order.partially_refunded' && e.data.order.id === order.id,
    );
    expect(refundedIpn.seq).toBe(2);
    expect(refundedIpn.data.order.refundedAmount).toBe(1_500);
    const after = await ducat.orders.get(order.id);
    expect(after).toMatchObject({ status: 'partially_refunded', refundedAmount: 1_500 });
  });

  it('pays by wallet too, and reports the balance and pays it out', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const client = clientFor(shop);
    const shopper = await paymentShopper(t(), server, 10_000);
    const { order, checkout } = await client.orders.create(orderParams({ amount: 6_000 }));
    const paid = await shopper.browser.mutation('checkout.payWithWallet', {
      token: checkout.token,
    });
    expect(paid.status).toBe(200);
    expect((await client.orders.get(order.id)).status).toBe('checkout_success');

    const [eur] = await client.balance.get();
    expect(eur).toEqual({ currency: 'EUR', balance: 6_000, pending: 0, available: 6_000 });
    const payout = await client.payouts.create({
      amount: 2_000,
      currency: 'EUR',
      destination: { iban: 'DE89370400440532013000' },
    });
    expect(ZPayout.strict().parse(payout)).toEqual(payout);
    expect(payout.status).toBe('paid');
    expect((await client.balance.get())[0]?.available).toBe(4_000);
    const listed = await client.payouts.list();
    expect(listed.data.map((p) => p.id)).toEqual([payout.id]);
    // The payout's own event, with data.payout and no order.
    const payoutEvents = await client.events.list({ type: 'payout.paid' });
    expect(payoutEvents.data).toHaveLength(1);
    const [paidEvent] = payoutEvents.data;
    if (paidEvent?.type !== 'payout.paid') throw new Error('no payout.paid event');
    expect(paidEvent).toMatchObject({ orderId: null, seq: 1 });
    expect(paidEvent.data.payout).toMatchObject({ id: payout.id, amount: 2_000, status: 'paid' });
    const failing = client.payouts.create({ amount: 999_999, currency: 'EUR' });
    await expect(failing).rejects.toMatchObject({ code: 'insufficient_funds', status: 422 });

    // The period's signed report, verified with the webhook secret: its totals are the ledger's.
    const from = new Date(Date.now() - 3_600_000);
    const to = new Date(Date.now() + 3_600_000);
    const report = await client.reports.get({ from, to, secret: shop.webhookSecret });
    expect(report.merchantId).toBe(shop.merchantId);
    const [totals] = report.totals;
    expect(totals).toMatchObject({ currency: 'EUR', opening: 0, closing: 4_000, net: 4_000 });
    expect(totals?.byKind).toMatchObject({ payment: 6_000, payout: -2_000 });
    expect(report.lines.map((l) => l.amount).sort((a, b) => a - b)).toEqual([-2_000, 6_000]);
    const csv = await client.reports.get({ from, to, format: 'csv', secret: shop.webhookSecret });
    expect(csv.split('\n')[0]).toContain('transfer_id');
    await expect(
      client.reports.get({ from, to, secret: 'dwhsec_test_not_the_secret' }),
    ).rejects.toMatchObject({ code: 'signature_mismatch' });
  });

  it('knows who it is', async () => {
    expect(await ducat.whoami()).toMatchObject({ merchantId: merchant.merchantId, mode: 'test' });
    expect(ducat.mode).toBe('test');
  });

  it('iterates every order across pages with for await', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const client = clientFor(shop);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await client.orders.create(orderParams())).order.id);
    const first = await client.orders.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const seen: string[] = [];
    for await (const order of client.orders.list({ limit: 2 })) seen.push(order.id);
    // Newest first.
    expect(seen).toEqual([...made].reverse());
    let pages = 0;
    for await (const page of client.orders.list({ limit: 2, status: 'created' }).pages()) {
      pages++;
      expect(page.data.every((o) => o.status === 'created')).toBe(true);
    }
    expect(pages).toBe(3);
  });

  it('signs order bodies, so a merchant with a signature threshold needs nothing more', async () => {
    const strict = await paymentMerchant(t(), server.base, { signatureThreshold: 1_000 });
    const client = clientFor(strict);
    const { order } = await client.orders.create(orderParams({ amount: 50_000 }));
    expect(order.amount).toBe(50_000);
    // The threshold is real: the same order without the SDK's signature is refused.
    const raw = await fetch(`${server.base}/v1/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await strict.jwt()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(orderParams({ amount: 50_000 })),
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe(
      'order_signature_required',
    );
  });

  it('maps the real server refusals to their error families', async () => {
    const missing = await ducat.orders.get('ord_1111111111111111111111').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ code: 'order_not_found', status: 404 });
    expect((missing as NotFoundError).requestId).toMatch(/\S/);

    const invalid = await ducat.orders.create(orderParams({ amount: -5 })).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidRequestError);
    expect(invalid).toMatchObject({ code: 'validation_failed', status: 400, field: 'amount' });

    const params = orderParams();
    await ducat.orders.create(params);
    const taken = await ducat.orders.create(params).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken).toMatchObject({ code: 'order_reference_taken', field: 'reference' });

    await ducat.orders.create(orderParams(), { idempotencyKey: 'contract-reused' });
    const reused = await ducat.orders
      .create(orderParams(), { idempotencyKey: 'contract-reused' })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(IdempotencyError);
    expect(reused).toMatchObject({ code: 'idempotency_key_reused', status: 422 });

    const stranger = new Ducat({
      merchantId: merchant.merchantId,
      merchantKey: 'dk_test_not-the-key-not-the-key-not-the-key-00',
      baseUrl: server.base,
    });
    const refused = await stranger.balance.get().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused).toMatchObject({ code: 'jwt_signature_invalid', status: 401 });
  });

  it('reads and changes the merchant settings; a bad value is refused with its field and changes nothing', async () => {
    // Its own merchant: the shared one's IPN URL must stay the receiver's.
    const shop = clientFor(await paymentMerchant(t(), server.base));
    const before = await shop.settings.get();
    expect(before).toMatchObject({ displayName: null, brandColor: null, logoUrl: null });

    const changed = await shop.settings.update({
      displayName: 'Rosa Bakery',
      brandColor: '#0A7D55',
      allowedOrigins: ['https://rosa.example'],
    });
    expect(changed).toMatchObject({
      displayName: 'Rosa Bakery',
      brandColor: '#0a7d55',
      allowedOrigins: ['https://rosa.example'],
      callbackUrl: before.callbackUrl,
      version: before.version + 1,
    });
    expect(await shop.settings.get()).toEqual(changed);

    const refused = await shop.settings
      .update({ displayName: 'Never', allowedOrigins: ['https://rosa.example/shop'] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidRequestError);
    expect(refused).toMatchObject({
      code: 'validation_failed',
      status: 400,
      field: 'allowedOrigins.0',
      docUrl: 'http://ducat.test/docs/errors#validation_failed',
    });
    expect(await shop.settings.get()).toEqual(changed);
  });

  it('cancels an unpaid order, idempotently, and refuses to cancel a paid one', async () => {
    const { order } = await ducat.orders.create(orderParams());
    expect((await ducat.orders.cancel(order.id)).status).toBe('cancelled');
    expect((await ducat.orders.cancel(order.id)).status).toBe('cancelled');

    const shopper = await paymentShopper(t(), server, 5_000);
    const paid = await ducat.orders.create(orderParams({ amount: 1_000 }));
    await shopper.browser.mutation('checkout.payWithWallet', { token: paid.checkout.token });
    const refused = await ducat.orders.cancel(paid.order.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ code: 'order_not_cancellable' });
  });
});

describe('retries against the real server', () => {
  it('the same idempotency key gives the same order', async () => {
    const params = orderParams();
    const first = await ducat.orders.create(params, { idempotencyKey: `same-${params.reference}` });
    const second = await ducat.orders.create(params, {
      idempotencyKey: `same-${params.reference}`,
    });
    expect(second.order.id).toBe(first.order.id);
    expect(second.checkout.token).toBe(first.checkout.token);
  });

  it('an answer lost on the way back is retried and the order exists once', async () => {
    // A proxy that forwards everything but drops the connection instead of the first answer
    // to POST /v1/orders: the server did create the order, the SDK never heard.
    let dropped = 0;
    const seenKeys: string[] = [];
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection'),
        ) as Record<string, string>;
        const upstream = await fetch(`${server.base}${req.url}`, {
          method: req.method,
          headers,
          ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
        });
        const text = await upstream.text();
        if (req.method === 'POST' && req.url === '/v1/orders') {
          seenKeys.push(String(req.headers['idempotency-key']));
          if (dropped === 0) {
            dropped++;
            req.socket.destroy();
            return;
          }
        }
        res.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/json',
          'idempotent-replayed': upstream.headers.get('idempotent-replayed') ?? 'false',
        });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    try {
      const client = clientFor(merchant, `http://127.0.0.1:${port}`);
      const params = orderParams();
      const { order } = await client.orders.create(params);
      expect(dropped).toBe(1);
      expect(seenKeys).toHaveLength(2);
      expect(seenKeys[0]).toBe(seenKeys[1]);
      const matching = await ducat.orders.list({ reference: params.reference });
      expect(matching.data.map((o) => o.id)).toEqual([order.id]);
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('manages webhook endpoints and reads events: a new endpoint gets only its types, signed with its secret', async () => {
    const other = await startIpnReceiver(() => secret);
    let secret = '';
    try {
      const created = await ducat.webhookEndpoints.create({
        url: other.url,
        description: 'staging',
        enabledEvents: ['refund.succeeded'],
      });
      secret = created.secret;
      expect(created.endpoint).toMatchObject({
        url: other.url,
        enabledEvents: ['refund.succeeded'],
        status: 'enabled',
        primary: false,
      });
      const listed = await ducat.webhookEndpoints.list();
      expect(listed.map((e) => e.id)).toContain(created.endpoint.id);

      const { order, checkout } = await ducat.orders.create(orderParams({ amount: 3_000 }));
      await payBySandboxCard(checkout.token);
      await until(
        () => ducat.orders.get(order.id),
        (o) => o.status === 'checkout_success',
      );
      const refund = await ducat.refunds.create({ orderId: order.id, amount: 1_000 });
      const got = await other.waitFor(
        (e): e is RefundEvent => e.type === 'refund.succeeded' && e.data.refund.id === refund.id,
      );
      expect(got.data.refund).toMatchObject({ amount: 1_000, status: 'succeeded' });
      expect(got.data.order.id).toBe(order.id);
      // Only its types, and nothing it could not verify.
      expect(other.events.every((e) => e.type === 'refund.succeeded')).toBe(true);
      expect(other.refused).toEqual([]);

      const page = await ducat.events.list({ orderId: order.id });
      expect(page.data.map((e) => e.type)).toEqual([
        'refund.succeeded',
        'order.partially_refunded',
        'order.checkout_success',
      ]);
      const first = page.data[2];
      if (first?.type !== 'order.checkout_success') throw new Error('unexpected event');
      expect(first.data.order.id).toBe(order.id);
      const { deliveries } = await ducat.events.get(got.id);
      expect(deliveries.map((d) => d.endpointId)).toContain(created.endpoint.id);
      const resent = await ducat.events.resend(first.id, { endpointId: created.endpoint.id });
      expect(resent).toMatchObject([{ endpointId: created.endpoint.id, delivered: true }]);
      const missing = await ducat.events.get('evt_doesnotexist').catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing).toMatchObject({
        code: 'event_not_found',
        docUrl: 'http://ducat.test/docs/errors#event_not_found',
      });

      const rotated = await ducat.webhookEndpoints.rotateSecret(created.endpoint.id, {
        graceSeconds: 60,
      });
      expect(rotated.secret).not.toBe(created.secret);
      const off = await ducat.webhookEndpoints.update(created.endpoint.id, { status: 'disabled' });
      expect(off.status).toBe('disabled');
      await ducat.webhookEndpoints.delete(created.endpoint.id);
      expect((await ducat.webhookEndpoints.list()).map((e) => e.id)).not.toContain(
        created.endpoint.id,
      );
    } finally {
      await other.close();
    }
  });

  it('tails the log: its own requests appear live; a bad cursor is a typed error', async () => {
    const controller = new AbortController();
    const tail = ducat.logs.tail({ signal: controller.signal });
    try {
      const first = await tail.next();
      expect(first.value).toMatchObject({ kind: 'ready', mode: 'test' });
      const { order } = await ducat.orders.create(orderParams());
      await ducat.orders.get(order.id);
      const seen: string[] = [];
      for await (const m of tail) {
        if (m.kind === 'request') seen.push(`${m.method} ${m.path} ${m.status}`);
        if (seen.includes(`GET /v1/orders/${order.id} 200`)) break;
      }
      expect(seen).toContain('POST /v1/orders 200');
    } finally {
      controller.abort();
    }
    const refused = await ducat.logs
      .tail({ after: 'yesterday' })
      .next()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidRequestError);
    expect(refused).toMatchObject({
      code: 'validation_failed',
      field: 'after',
      docUrl: 'http://ducat.test/docs/errors#validation_failed',
    });
  });

  it('listens: a temporary endpoint streams events, takes the results, and is removed on close', async () => {
    const controller = new AbortController();
    const stream = ducat.webhookEndpoints.listen({
      enabledEvents: ['order.cancelled'],
      signal: controller.signal,
    });
    const first = await stream.next();
    if (first.done || first.value.kind !== 'session') throw new Error('no session first');
    const { endpointId, secret } = first.value;
    expect(secret).toMatch(/^dwhsec_test_/);
    expect((await ducat.webhookEndpoints.list()).find((e) => e.id === endpointId)).toMatchObject({
      kind: 'cli',
      enabledEvents: ['order.cancelled'],
    });
    const { order } = await ducat.orders.create(orderParams());
    await ducat.orders.cancel(order.id);
    const next = await stream.next();
    if (next.done || next.value.kind !== 'delivery') throw new Error('no delivery');
    const delivery = next.value;
    expect(delivery.type).toBe('order.cancelled');
    // What the CLI forwards verifies with the session secret.
    const header = await webhooks.generateTestHeader({ payload: delivery.body, secret });
    const event = await webhooks.verify(delivery.body, header, secret);
    expect(event.type === 'order.cancelled' && event.data.order.id).toBe(order.id);
    const reported = await ducat.webhookEndpoints.listenResult(endpointId, {
      deliveryId: delivery.deliveryId,
      statusCode: 204,
      latencyMs: 3,
    });
    expect(reported.status).toBe('delivered');
    const { deliveries } = await ducat.events.get(delivery.eventId);
    expect(deliveries.find((d) => d.endpointId === endpointId)?.status).toBe('delivered');
    controller.abort();
    await stream.return(undefined);
    await until(
      () => ducat.webhookEndpoints.list(),
      (list) => !list.some((e) => e.id === endpointId),
    );
  });
});

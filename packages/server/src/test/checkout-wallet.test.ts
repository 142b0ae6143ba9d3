import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipnDeliveries, ledgerTransfers, orders, outboxEvents } from '../db/schema/index.js';
import { canonicalJson } from '../domains/orders/canonical-json.js';
import { expireDueOrders, sweepExpiredOrders } from '../jobs/expire-orders.js';
import { useTestEnv } from './harness.js';
import {
  balanceOf,
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  startPaymentServer,
  type TestMerchant,
} from './payments.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let merchant: TestMerchant;

type Created = { order: { id: string; status: string }; checkout: { token: string; url: string } };

async function createOrder(m: TestMerchant, overrides: Record<string, unknown> = {}) {
  const res = await m.call('mutation', 'orders.create', orderInput(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result?.data as Created;
}

function data<T>(res: { body: { result?: { data: unknown } } }): T {
  if (!res.body.result) throw new Error(`no result: ${JSON.stringify(res.body)}`);
  return res.body.result.data as T;
}

async function orderRow(id: string) {
  const [row] = await t().database.db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error('no order');
  return row;
}

beforeAll(async () => {
  server = await startPaymentServer(t());
  merchant = await paymentMerchant(t(), server.base, { feeBps: 290 });
});

afterAll(async () => {
  await server.stop();
});

describe('checkout by wallet', () => {
  it('runs the whole lifecycle: order, signed link, payment with fee, IPN, signed return URL', async () => {
    const shopper = await paymentShopper(t(), server, 10_000);
    const created = await createOrder(merchant, { amount: 2_500 });
    expect(created.order.status).toBe('created');
    expect(created.checkout.url).toContain('/pay/');

    const jwks = (await (await fetch(`${server.base}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string; crv: string }[];
    };
    expect(jwks.keys[0]?.crv).toBe('Ed25519');

    const opened = await shopper.browser.query('checkout.open', { token: created.checkout.token });
    expect(opened.status).toBe(200);
    expect(opened.body.result?.data).toMatchObject({ status: 'created', amount: 2_500 });

    const paid = await shopper.browser.mutation('checkout.payWithWallet', {
      token: created.checkout.token,
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    const view = paid.body.result?.data as { status: string; redirectUrl: string };
    expect(view.status).toBe('checkout_success');

    // 2.9% fee on 25.00 = 0.725, rounded half up to 73 minor units.
    const merchantAccount = await server.services.accounts.merchantBalance(
      merchant.merchantId,
      'EUR',
      'test',
    );
    expect(await balanceOf(t(), shopper.walletId)).toBe(7_500);
    expect(await balanceOf(t(), merchantAccount)).toBe(2_500 - 73);
    const row = await orderRow(created.order.id);
    expect(row).toMatchObject({ status: 'checkout_success', capturedAmount: 2_500, feeAmount: 73 });

    const ipns = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, created.order.id));
    expect(ipns.map((i) => [i.type, i.seq])).toEqual([['order.checkout_success', 1]]);
    const events = await t()
      .database.db.select()
      .from(outboxEvents)
      .where(eq(outboxEvents.aggregateId, created.order.id));
    expect(events.map((e) => e.type).sort()).toEqual([
      'order.created',
      'order.status_changed',
      'risk.decision_made',
    ]);

    const redirect = new URL(view.redirectUrl);
    const p = Object.fromEntries(redirect.searchParams);
    expect(p).toMatchObject({ order_id: created.order.id, status: 'checkout_success' });
    const expected = createHmac('sha256', merchant.webhookSecret)
      .update(`${p.timestamp}.${p.order_id}.${p.status}.${p.amount}.${p.currency}`)
      .digest('hex');
    expect(p.signature).toBe(expected);

    const got = await merchant.call('query', 'orders.get', { orderId: created.order.id });
    expect(got.body.result?.data).toMatchObject({ status: 'checkout_success' });
  });

  it('refuses a tampered or foreign token with error_signature and changes nothing', async () => {
    const shopper = await paymentShopper(t(), server, 10_000);
    const created = await createOrder(merchant, { amount: 1_000 });
    const [head, body, sig] = created.checkout.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const cheaper = Buffer.from(JSON.stringify({ ...claims, amt: 1 })).toString('base64url');
    const tampered = `${head}.${cheaper}.${sig}`;

    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ ...claims, amt: 1 })
      .setProtectedHeader({
        alg: 'EdDSA',
        kid: JSON.parse(Buffer.from(head, 'base64url').toString()).kid,
      })
      .sign(privateKey);

    for (const token of [tampered, forged, `${created.checkout.token}x`]) {
      const opened = await shopper.browser.query('checkout.open', { token });
      expect(opened.status).toBe(400);
      expect(opened.body.error?.data.code).toBe('error_signature');
      const paid = await shopper.browser.mutation('checkout.payWithWallet', { token });
      expect(paid.body.error?.data.code).toBe('error_signature');
    }
    expect((await orderRow(created.order.id)).status).toBe('created');
    expect(await balanceOf(t(), shopper.walletId)).toBe(10_000);
  });

  it('charges once and succeeds once under 200 concurrent identical pay requests', async () => {
    const shopper = await paymentShopper(t(), server, 50_000);
    const created = await createOrder(merchant, { amount: 4_000 });
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        shopper.browser.mutation('checkout.payWithWallet', { token: created.checkout.token }),
      ),
    );
    const statuses = results.map((r) =>
      r.status === 200 ? data<{ status: string }>(r).status : r.body.error?.data.code,
    );
    expect(statuses.every((s) => s === 'checkout_success' || s === 'order_busy')).toBe(true);
    expect(statuses).toContain('checkout_success');
    expect(await balanceOf(t(), shopper.walletId)).toBe(46_000);
    const transfers = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(
        and(eq(ledgerTransfers.reference, created.order.id), eq(ledgerTransfers.kind, 'payment')),
      );
    expect(transfers).toHaveLength(1);
    const successes = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, created.order.id));
    expect(successes).toHaveLength(1);
  });

  it('refuses insufficient funds clearly and leaves the order payable', async () => {
    const poor = await paymentShopper(t(), server, 100);
    const created = await createOrder(merchant, { amount: 5_000 });
    const paid = await poor.browser.mutation('checkout.payWithWallet', {
      token: created.checkout.token,
    });
    expect(paid.body.error?.data.code).toBe('insufficient_funds');
    // What is missing, in words a shopper can read: no account id in the message.
    expect(paid.body.error?.message).toBe('The balance is too low for this amount.');
    expect(paid.body.error?.message).not.toMatch(/acc_/);
    expect(paid.body.error?.data).toMatchObject({ details: { available: 100, currency: 'EUR' } });
    expect((await orderRow(created.order.id)).status).toBe('created');
    expect(await balanceOf(t(), poor.walletId)).toBe(100);

    const rich = await paymentShopper(t(), server, 5_000);
    const retry = await rich.browser.mutation('checkout.payWithWallet', {
      token: created.checkout.token,
    });
    expect(data<{ status: string }>(retry).status).toBe('checkout_success');
  });

  it('ends a payment racing expiry with exactly one outcome, and the ledger agrees', async () => {
    for (let round = 0; round < 6; round++) {
      const shopper = await paymentShopper(t(), server, 3_000);
      const created = await createOrder(merchant, { amount: 3_000 });
      // Expires "now": the sweeper and the payment race for it.
      await t()
        .database.db.update(orders)
        .set({ expiresAt: new Date(Date.now() + 15) })
        .where(eq(orders.id, created.order.id));
      await new Promise((r) => setTimeout(r, round * 3));
      const [paid] = await Promise.all([
        shopper.browser.mutation('checkout.payWithWallet', { token: created.checkout.token }),
        (async () => {
          await new Promise((r) => setTimeout(r, 15));
          await sweepExpiredOrders({ services: server.services });
        })(),
      ]);
      await sweepExpiredOrders({ services: server.services, now: new Date(Date.now() + 1_000) });
      const row = await orderRow(created.order.id);
      expect(['checkout_success', 'timeout']).toContain(row.status);
      const balance = await balanceOf(t(), shopper.walletId);
      if (row.status === 'checkout_success') expect(balance).toBe(0);
      else expect(balance).toBe(3_000);
      if (paid.status === 200) {
        expect(data<{ status: string }>(paid).status).toBe(row.status);
      }
      const ipns = await t()
        .database.db.select()
        .from(ipnDeliveries)
        .where(eq(ipnDeliveries.orderId, created.order.id));
      expect(ipns.map((i) => i.type)).toEqual([`order.${row.status}`]);
    }
  });

  it('times out orders from the Redis index on time, and from the database after downtime', async () => {
    const a = await createOrder(merchant);
    const b = await createOrder(merchant);
    const c = await createOrder(merchant);
    // Redis forgot b and c (flushed, or the server was down when they expired).
    await t().redis.zrem('orders:expiry', b.order.id, c.order.id);
    const later = new Date(Date.now() + 3_600_000 + 60_000);
    expect(await expireDueOrders({ services: server.services, now: later })).toBeGreaterThanOrEqual(
      1,
    );
    expect((await orderRow(a.order.id)).status).toBe('timeout');
    expect((await orderRow(b.order.id)).status).toBe('created');
    // The database is the truth: the sweeper finds them.
    expect(
      await sweepExpiredOrders({ services: server.services, now: later }),
    ).toBeGreaterThanOrEqual(2);
    expect((await orderRow(b.order.id)).status).toBe('timeout');
    expect((await orderRow(c.order.id)).status).toBe('timeout');

    const shopper = await paymentShopper(t(), server, 10_000);
    const opened = await shopper.browser.query('checkout.open', { token: c.checkout.token });
    expect(opened.body.result?.data).toMatchObject({ status: 'timeout' });
    const paid = await shopper.browser.mutation('checkout.payWithWallet', {
      token: c.checkout.token,
    });
    expect(paid.body.result?.data).toMatchObject({ status: 'timeout' });
    expect(await balanceOf(t(), shopper.walletId)).toBe(10_000);
  });
});

describe('merchant order API', () => {
  it('replays an order create under the same Idempotency-Key and refuses a taken reference', async () => {
    const input = orderInput();
    const first = await merchant.call('mutation', 'orders.create', input, {
      'idempotency-key': 'k-1',
    });
    const again = await merchant.call('mutation', 'orders.create', input, {
      'idempotency-key': 'k-1',
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(data<Created>(again).order.id).toBe(data<Created>(first).order.id);
    const dup = await merchant.call('mutation', 'orders.create', input);
    expect(dup.body.error?.data.code).toBe('order_reference_taken');
  });

  it('refuses bad input with a typed error and writes nothing', async () => {
    const before = await t().database.db.select().from(orders);
    for (const bad of [
      { amount: 12.5 },
      { amount: -1 },
      { currency: 'euro' },
      { returnUrl: 'javascript:alert(1)' },
      { items: [{ name: 'x', quantity: 1, unitAmount: 1 }] },
    ]) {
      const res = await merchant.call('mutation', 'orders.create', orderInput(bad));
      expect(res.status).toBe(400);
      expect(res.body.error?.data.code).toBe('validation_failed');
    }
    expect(await t().database.db.select().from(orders)).toHaveLength(before.length);
  });

  it('requires a valid body signature above the merchant threshold', async () => {
    const strict = await paymentMerchant(t(), server.base, { signatureThreshold: 10_000 });
    const small = await strict.call('mutation', 'orders.create', orderInput({ amount: 9_999 }));
    expect(small.status).toBe(200);
    const big = orderInput({ amount: 50_000 });
    const unsigned = await strict.call('mutation', 'orders.create', big);
    expect(unsigned.body.error?.data.code).toBe('order_signature_required');
    const wrong = await strict.call('mutation', 'orders.create', {
      ...big,
      signature: 'a'.repeat(64),
    });
    expect(wrong.body.error?.data.code).toBe('order_signature_invalid');
    const signature = createHmac('sha256', strict.apiKey).update(canonicalJson(big)).digest('hex');
    const signed = await strict.call('mutation', 'orders.create', { ...big, signature });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  });

  it('refuses a present but wrong body signature below the threshold too', async () => {
    for (const threshold of [null, 10_000]) {
      const shop = await paymentMerchant(t(), server.base, { signatureThreshold: threshold });
      const input = orderInput({ amount: 500 });
      const wrong = await shop.call('mutation', 'orders.create', {
        ...input,
        signature: 'a'.repeat(64),
      });
      expect(wrong.body.error?.data.code).toBe('order_signature_invalid');
      const made = await t()
        .database.db.select()
        .from(orders)
        .where(eq(orders.merchantId, shop.merchantId));
      expect(made).toEqual([]);
      const signature = createHmac('sha256', shop.apiKey)
        .update(canonicalJson(input))
        .digest('hex');
      const signed = await shop.call('mutation', 'orders.create', { ...input, signature });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
      expect(
        (await shop.call('mutation', 'orders.create', orderInput({ amount: 500 }))).status,
      ).toBe(200);
    }
  });

  it('keeps merchants apart: another merchant reads not found', async () => {
    const other = await paymentMerchant(t(), server.base);
    const created = await createOrder(merchant);
    const res = await other.call('query', 'orders.get', { orderId: created.order.id });
    expect(res.body.error?.data.code).toBe('order_not_found');
    const cancel = await other.call('mutation', 'orders.cancel', { orderId: created.order.id });
    expect(cancel.body.error?.data.code).toBe('order_not_found');
    // Its refunds are not found either (not an empty list that confirms the order exists).
    const refunds = await other.call('query', 'refunds.list', { orderId: created.order.id });
    expect(refunds.body.error?.data.code).toBe('order_not_found');
    const own = await merchant.call('query', 'refunds.list', { orderId: created.order.id });
    expect(own.body.result?.data).toEqual([]);
    expect((await orderRow(created.order.id)).status).toBe('created');
  });

  it('cancels only unpaid orders and lists with filters and a cursor', async () => {
    const lister = await paymentMerchant(t(), server.base);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createOrder(lister)).order.id);
    const cancelled = await lister.call('mutation', 'orders.cancel', { orderId: ids[0] });
    expect(cancelled.body.result?.data).toMatchObject({ status: 'cancelled' });
    // Safe to repeat (the SDK retries it): the cancelled order again, no second event.
    const again = await lister.call('mutation', 'orders.cancel', { orderId: ids[0] });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.result?.data).toMatchObject({ id: ids[0], status: 'cancelled' });
    const cancelEvents = await t()
      .database.db.select()
      .from(outboxEvents)
      .where(
        and(
          eq(outboxEvents.aggregateId, ids[0] ?? ''),
          eq(outboxEvents.type, 'order.status_changed'),
        ),
      );
    expect(cancelEvents).toHaveLength(1);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await lister.call('query', 'orders.list', {
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      const data = page.body.result?.data as {
        orders: { id: string }[];
        nextCursor: string | null;
      };
      seen.push(...data.orders.map((o) => o.id));
      cursor = data.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const onlyCancelled = await lister.call('query', 'orders.list', { status: 'cancelled' });
    expect(data<{ orders: { id: string }[] }>(onlyCancelled).orders.map((o) => o.id)).toEqual([
      ids[0],
    ]);
  });
});

describe('refunds and balance', () => {
  it('refunds partially and fully, never beyond the captured amount, each with an IPN', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const shopper = await paymentShopper(t(), server, 5_000);
    const created = await createOrder(shop, { amount: 5_000 });
    await shopper.browser.mutation('checkout.payWithWallet', { token: created.checkout.token });

    const part = await shop.call('mutation', 'refunds.create', {
      orderId: created.order.id,
      amount: 2_000,
      reason: 'one item out of stock',
    });
    expect(part.body.result?.data).toMatchObject({ status: 'succeeded', amount: 2_000 });
    expect(await balanceOf(t(), shopper.walletId)).toBe(2_000);
    const tooMuch = await shop.call('mutation', 'refunds.create', {
      orderId: created.order.id,
      amount: 3_001,
    });
    expect(tooMuch.body.error?.data.code).toBe('refund_exceeds_captured');
    const rest = await shop.call('mutation', 'refunds.create', { orderId: created.order.id });
    expect(rest.body.result?.data).toMatchObject({ amount: 3_000 });
    expect(await balanceOf(t(), shopper.walletId)).toBe(5_000);
    expect((await orderRow(created.order.id)).status).toBe('refunded');
    const after = await shop.call('mutation', 'refunds.create', {
      orderId: created.order.id,
      amount: 1,
    });
    expect(after.body.error?.data.code).toBe('order_not_refundable');

    const ipns = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, created.order.id));
    const bySeq = ipns.sort((a, b) => a.seq - b.seq);
    // Each refund sends its own event after the order's, saying which refund it was.
    expect(bySeq.map((i) => [i.seq, i.type])).toEqual([
      [1, 'order.checkout_success'],
      [2, 'order.partially_refunded'],
      [3, 'refund.succeeded'],
      [4, 'order.refunded'],
      [5, 'refund.succeeded'],
    ]);
    const refundOf = (i: (typeof bySeq)[number]) =>
      (i.body as { data: { refund?: Record<string, unknown> } }).data.refund;
    expect(refundOf(bySeq[2] as (typeof bySeq)[number])).toMatchObject({
      id: data<{ id: string }>(part).id,
      amount: 2_000,
      status: 'succeeded',
      reason: 'one item out of stock',
    });
    expect(refundOf(bySeq[4] as (typeof bySeq)[number])).toMatchObject({
      id: data<{ id: string }>(rest).id,
      amount: 3_000,
      status: 'succeeded',
    });
    const balance = await shop.call('query', 'balance.get');
    expect(balance.body.result?.data).toEqual([
      { currency: 'EUR', balance: 0, pending: 0, available: 0 },
    ]);
  });

  it('never refunds more than captured under concurrent refund requests', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const shopper = await paymentShopper(t(), server, 5_000);
    const created = await createOrder(shop, { amount: 5_000 });
    await shopper.browser.mutation('checkout.payWithWallet', { token: created.checkout.token });
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        shop.call('mutation', 'refunds.create', { orderId: created.order.id, amount: 2_000 }),
      ),
    );
    const ok = results.filter((r) => r.status === 200).length;
    expect(ok).toBeLessThanOrEqual(2);
    const row = await orderRow(created.order.id);
    expect(row.refundedAmount).toBe(ok * 2_000);
    expect(await balanceOf(t(), shopper.walletId)).toBe(ok * 2_000);
    // Whatever was refused can be retried once the order is free.
    for (;;) {
      const r = await shop.call('mutation', 'refunds.create', {
        orderId: created.order.id,
        amount: 2_000,
      });
      if (r.body.error?.data.code !== 'order_busy') break;
    }
    expect((await orderRow(created.order.id)).refundedAmount).toBe(4_000);
  });
});

describe('merchant settings for payments', () => {
  it('the owner sets the signature threshold, an admin sets the fee, and both apply', async () => {
    const { createMerchant, createStaff, Browser, PASSWORD, issueApiKey, signMerchantJwt } =
      await import('./identity.js');
    const created = await createMerchant(t());
    const owner = new Browser(server.base);
    expect(
      (await owner.mutation('admin.logIn', { email: created.ownerEmail, password: PASSWORD }))
        .status,
    ).toBe(200);
    const set = await owner.mutation('merchant.update', {
      merchantId: created.merchantId,
      signatureThreshold: 1_000,
    });
    expect(data<{ signatureThreshold: number }>(set).signatureThreshold).toBe(1_000);
    const fee = await owner.mutation('admin.merchants.setFee', {
      merchantId: created.merchantId,
      feeBps: 10,
    });
    expect(fee.body.error?.data.code).toBe('forbidden');

    const admin = await createStaff(t(), { role: 'admin' });
    const adminBrowser = new Browser(server.base);
    await adminBrowser.mutation('admin.logIn', { email: admin.email, password: PASSWORD });
    const setFee = await adminBrowser.mutation('admin.merchants.setFee', {
      merchantId: created.merchantId,
      feeBps: 500,
    });
    expect(data<{ feeBps: number }>(setFee).feeBps).toBe(500);

    const { secret } = await issueApiKey(t(), { merchantId: created.merchantId });
    const call = async (input: Record<string, unknown>) =>
      new Browser(server.base).mutation('orders.create', input, {
        authorization: `Bearer ${await signMerchantJwt({ secret, merchantId: created.merchantId })}`,
      });
    const big = await call(orderInput({ amount: 1_001 }));
    expect(big.body.error?.data.code).toBe('order_signature_required');
    const small = await call(orderInput({ amount: 1_000 }));
    const token = data<Created>(small).checkout.token;
    const shopper = await paymentShopper(t(), server, 1_000);
    const paid = await shopper.browser.mutation('checkout.payWithWallet', { token });
    expect(data<{ status: string }>(paid).status).toBe('checkout_success');
    const row = await orderRow(data<Created>(small).order.id);
    expect(row.feeAmount).toBe(50);
  });
});

describe('checkout signing keys', () => {
  it('creates one signing key however many first requests arrive at once', async () => {
    const { createSigningKeys } = await import('../domains/checkout/signing-keys.js');
    const { signingKeys } = await import('../db/schema/index.js');
    await t().database.db.delete(signingKeys);
    const keys = createSigningKeys({ db: t().database.db, masterKey: Buffer.alloc(32, 7) });
    const kids = await Promise.all(
      Array.from({ length: 20 }, async () => (await keys.active()).kid),
    );
    expect(new Set(kids).size).toBe(1);
    expect(await t().database.db.select().from(signingKeys)).toHaveLength(1);
  });

  it('keeps verifying links signed before a rotation, and publishes both keys', async () => {
    const { createSigningKeys } = await import('../domains/checkout/signing-keys.js');
    const { signCheckoutToken, verifyCheckoutToken } = await import(
      '../domains/checkout/checkout-token.js'
    );
    const keys = createSigningKeys({ db: t().database.db, masterKey: Buffer.alloc(32, 7) });
    const claims = {
      orderId: 'ord_1234567890123456789012',
      merchantId: 'mch_1234567890123456789012',
      amount: 100,
      currency: 'EUR',
      expiresAt: new Date(Date.now() + 60_000),
    };
    const before = await signCheckoutToken({ keys, issuer: 'https://api.test', claims });
    const oldKid = (await keys.active()).kid;
    const newKid = await keys.rotate({ graceMs: 3_600_000 });
    expect(newKid).not.toBe(oldKid);
    const after = await signCheckoutToken({ keys, issuer: 'https://api.test', claims });
    for (const token of [before, after]) {
      expect(await verifyCheckoutToken({ keys, issuer: 'https://api.test', token })).toMatchObject({
        orderId: claims.orderId,
        amount: 100,
      });
    }
    const published = (await keys.jwks()).keys.map((k) => k.kid);
    expect(published).toEqual(expect.arrayContaining([oldKid, newKid]));
  });
});

describe('order history', () => {
  it('archives final orders into monthly partitions; get and list read them transparently', async () => {
    const { archiveOrders } = await import('../jobs/archive-orders.js');
    const { orderHistory } = await import('../db/schema/index.js');
    const shop = await paymentMerchant(t(), server.base);
    const shopper = await paymentShopper(t(), server, 5_000);
    const paid = await createOrder(shop, { amount: 1_500 });
    await shopper.browser.mutation('checkout.payWithWallet', { token: paid.checkout.token });
    const open = await createOrder(shop, { amount: 700 });

    const moved = await archiveOrders({
      database: t().database,
      olderThanMs: 0,
      now: new Date(Date.now() + 1_000),
    });
    expect(moved).toBeGreaterThanOrEqual(1);
    expect(await t().database.db.select().from(orders).where(eq(orders.id, paid.order.id))).toEqual(
      [],
    );
    const [archived] = await t()
      .database.db.select()
      .from(orderHistory)
      .where(eq(orderHistory.id, paid.order.id));
    expect(archived?.status).toBe('checkout_success');
    // The open order stays where it is.
    expect((await orderRow(open.order.id)).status).toBe('created');

    const got = await shop.call('query', 'orders.get', { orderId: paid.order.id });
    expect(data<{ status: string; archived: boolean }>(got)).toMatchObject({
      status: 'checkout_success',
      archived: true,
    });
    const listed = data<{ orders: { id: string; archived: boolean }[] }>(
      await shop.call('query', 'orders.list', {}),
    );
    expect(listed.orders.map((o) => [o.id, o.archived])).toEqual([
      [open.order.id, false],
      [paid.order.id, true],
    ]);
    const refund = await shop.call('mutation', 'refunds.create', { orderId: paid.order.id });
    expect(refund.body.error?.data.code).toBe('order_archived');

    const [partitions] = await t().database.pool.query(
      `SELECT PARTITION_NAME AS name FROM information_schema.PARTITIONS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'order_history'`,
    );
    const month = new Date().toISOString().slice(0, 7).replace('-', '');
    expect((partitions as { name: string }[]).map((p) => p.name)).toContain(`p${month}`);
  });
});

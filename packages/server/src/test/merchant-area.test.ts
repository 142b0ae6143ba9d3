import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchants, orders, users } from '../db/schema/index.js';
import { verifyIpnSignature } from '../domains/ipn/sign-ipn.js';
import { useTestEnv } from './harness.js';
import { createMerchant, createStaff } from './identity.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  signMerchantJwtFor,
  type TestMerchant,
} from './payments.js';
import { ok, refusalOf, signInAs, signInStaff, startSandboxPaymentServer } from './portal.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;

type Order = { id: string; status: string; amount: number; merchantId: string; mode: string };

/** An order created through the merchant API and paid by a shopper's wallet. */
async function paidOrder(m: Pick<TestMerchant, 'call'>, amount: number): Promise<Order> {
  const shopper = await paymentShopper(t(), server, amount);
  const created = ok<{ order: Order; checkout: { token: string } }>(
    await m.call('mutation', 'orders.create', orderInput({ amount })),
  );
  const paid = await shopper.browser.mutation('checkout.payWithWallet', {
    token: created.checkout.token,
  });
  expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  return created.order;
}

let stopServer: () => Promise<void>;

beforeAll(async () => {
  const started = await startSandboxPaymentServer(t());
  server = started.server;
  stopServer = started.stop;
});

afterAll(async () => {
  await stopServer();
});

describe('merchant onboarding through the portal', () => {
  it('a pending merchant’s owner signs in and sees the application; after approval they create keys and see a paid test order', async () => {
    const applied = await createMerchant(t(), { status: 'pending' });
    const owner = await signInAs(server.base, applied.ownerEmail);
    const status = ok<{ status: string; liveModeAvailable: boolean }>(
      await owner.query('merchant.application.status', { merchantId: applied.merchantId }),
    );
    expect(status).toMatchObject({ status: 'pending', liveModeAvailable: false });
    // Live keys wait for approval; test keys do not.
    const live = await owner.mutation('merchant.credentials.issue', {
      merchantId: applied.merchantId,
      kind: 'api_key',
      mode: 'live',
    });
    expect(refusalOf(live)).toBe('merchant_not_active');

    const admin = await signInStaff(t(), server.base, 'admin');
    ok(
      await admin.mutation('admin.merchants.setStatus', {
        merchantId: applied.merchantId,
        status: 'active',
        reason: 'documents checked',
      }),
    );
    expect(
      ok<{ status: string; reason: string; liveModeAvailable: boolean }>(
        await owner.query('merchant.application.status', { merchantId: applied.merchantId }),
      ),
    ).toMatchObject({ status: 'active', reason: 'documents checked', liveModeAvailable: true });

    const key = ok<{ credential: { id: string; state: string }; secret: string }>(
      await owner.mutation('merchant.credentials.issue', {
        merchantId: applied.merchantId,
        kind: 'api_key',
        mode: 'test',
      }),
    );
    expect(key.secret).toMatch(/^dk_test_/);
    await owner.mutation('merchant.credentials.issue', {
      merchantId: applied.merchantId,
      kind: 'webhook_secret',
      mode: 'test',
    });
    const m = await signMerchantJwtFor(server.base, applied.merchantId, key.secret);
    const order = await paidOrder(m, 1_500);

    const listed = ok<{ items: Order[]; nextCursor: string | null }>(
      await owner.query('merchant.orders.list', { merchantId: applied.merchantId, mode: 'test' }),
    );
    expect(listed.items.map((o) => [o.id, o.status])).toEqual([[order.id, 'checkout_success']]);
    // The live switch shows the other mode's data: none yet.
    expect(
      ok<{ items: Order[] }>(
        await owner.query('merchant.orders.list', { merchantId: applied.merchantId, mode: 'live' }),
      ).items,
    ).toEqual([]);
    expect(
      ok<Order>(
        await owner.query('merchant.orders.get', {
          merchantId: applied.merchantId,
          orderId: order.id,
        }),
      ),
    ).toMatchObject({ id: order.id, status: 'checkout_success', mode: 'test' });
  });
});

describe('merchant isolation', () => {
  it('merchant A’s staff cannot open merchant B’s order, by its id or by naming merchant B', async () => {
    const a = await paymentMerchant(t(), server.base);
    const b = await paymentMerchant(t(), server.base);
    const bOrder = await paidOrder(b, 700);
    const aOwner = await signInStaff(t(), server.base, 'owner', a.merchantId);

    const viaOwnMerchant = await aOwner.query('merchant.orders.get', {
      merchantId: a.merchantId,
      orderId: bOrder.id,
    });
    expect(viaOwnMerchant.status).toBe(404);
    expect(refusalOf(viaOwnMerchant)).toBe('order_not_found');
    expect(JSON.stringify(viaOwnMerchant.body)).not.toContain(b.merchantId);

    const viaOtherMerchant = await aOwner.query('merchant.orders.get', {
      merchantId: b.merchantId,
      orderId: bOrder.id,
    });
    expect(viaOtherMerchant.status).toBe(403);
    for (const [path, input] of [
      ['merchant.orders.list', { merchantId: b.merchantId }],
      ['merchant.balance.get', { merchantId: b.merchantId }],
      ['merchant.payouts.list', { merchantId: b.merchantId }],
      ['merchant.refunds.list', { merchantId: b.merchantId }],
    ] as const) {
      expect(refusalOf(await aOwner.query(path, input)), path).toBe('forbidden');
    }
    const refund = await aOwner.mutation('merchant.refunds.create', {
      merchantId: a.merchantId,
      orderId: bOrder.id,
    });
    expect(refusalOf(refund)).toBe('order_not_found');
  });
});

describe('money in the merchant area', () => {
  it('the owner refunds once under an idempotency key; developers and platform support cannot refund', async () => {
    const m = await paymentMerchant(t(), server.base);
    const order = await paidOrder(m, 4_000);
    const owner = await signInStaff(t(), server.base, 'owner', m.merchantId);
    const developer = await signInStaff(t(), server.base, 'developer', m.merchantId);
    const support = await signInStaff(t(), server.base, 'support');
    const input = {
      merchantId: m.merchantId,
      orderId: order.id,
      amount: 1_000,
      reason: 'damaged',
      idempotencyKey: 'portal-refund-1',
    };
    expect(refusalOf(await developer.mutation('merchant.refunds.create', input))).toBe('forbidden');
    expect(refusalOf(await support.mutation('merchant.refunds.create', input))).toBe('forbidden');

    const [first, second] = await Promise.all([
      owner.mutation('merchant.refunds.create', input),
      owner.mutation('merchant.refunds.create', input),
    ]);
    const refunds = [first, second]
      .filter((r) => r.status === 200)
      .map((r) => ok<{ id: string }>(r));
    // Two at once: one refund; the other is the same refund replayed or told to retry.
    expect(new Set(refunds.map((r) => r.id)).size).toBe(1);
    for (const r of [first, second]) {
      if (r.status !== 200) expect(refusalOf(r)).toBe('idempotency_key_in_use');
    }
    const again = ok<{ id: string; status: string }>(
      await owner.mutation('merchant.refunds.create', input),
    );
    expect(again).toMatchObject({ id: refunds[0]?.id, status: 'succeeded' });

    const listed = ok<{ items: { id: string; amount: number }[] }>(
      await developer.query('merchant.refunds.list', { merchantId: m.merchantId }),
    );
    expect(listed.items.map((r) => [r.id, r.amount])).toEqual([[again.id, 1_000]]);
    const got = ok<Order>(
      await owner.query('merchant.orders.get', { merchantId: m.merchantId, orderId: order.id }),
    );
    expect(got.status).toBe('partially_refunded');

    const balance = ok<{ currency: string; balance: number }[]>(
      await owner.query('merchant.balance.get', { merchantId: m.merchantId }),
    );
    expect(balance).toEqual([{ currency: 'EUR', balance: 3_000, pending: 0, available: 3_000 }]);
    const history = ok<{ items: { kind: string; amount: number; balanceAfter: number }[] }>(
      await owner.query('merchant.balance.history', { merchantId: m.merchantId, currency: 'EUR' }),
    );
    expect(history.items.map((h) => [h.kind, h.amount, h.balanceAfter])).toEqual([
      ['refund', -1_000, 3_000],
      ['payment', 4_000, 4_000],
    ]);

    expect(
      refusalOf(
        await developer.mutation('merchant.payouts.create', {
          merchantId: m.merchantId,
          mode: 'test',
          amount: 500,
          currency: 'EUR',
        }),
      ),
    ).toBe('forbidden');
    const payout = ok<{ id: string; status: string }>(
      await owner.mutation('merchant.payouts.create', {
        merchantId: m.merchantId,
        mode: 'test',
        amount: 2_000,
        currency: 'EUR',
        destination: { iban: 'DE89370400440532013000' },
        idempotencyKey: 'po-portal-1',
      }),
    );
    expect(payout.status).toBe('paid');
    const payouts = ok<{ items: { id: string }[] }>(
      await owner.query('merchant.payouts.list', { merchantId: m.merchantId }),
    );
    expect(payouts.items.map((p) => p.id)).toEqual([payout.id]);
    const report = ok<{ body: string; signature: string; contentType: string }>(
      await owner.query('merchant.reports.get', {
        merchantId: m.merchantId,
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
        format: 'csv',
      }),
    );
    expect(report.contentType).toContain('text/csv');
    expect(report.body.split('\n')[0]).toBe(
      'transfer_id,kind,reference,amount,currency,balance_after,created_at',
    );
    expect(
      verifyIpnSignature({
        body: report.body,
        header: report.signature,
        secrets: [m.webhookSecret],
      }),
    ).toMatchObject({ ok: true });
  });

  it('the order page shows payer, method, gross / fee / net, refunds, timeline and IPN targets; every history line names its order, refund or payout', async () => {
    const m = await paymentMerchant(t(), server.base, { feeBps: 100 });
    const shopper = await paymentShopper(t(), server, 5_000);
    const created = ok<{ order: Order; checkout: { token: string } }>(
      await m.call('mutation', 'orders.create', orderInput({ amount: 5_000 })),
    );
    const order = created.order;
    expect(
      (
        await shopper.browser.mutation('checkout.payWithWallet', {
          token: created.checkout.token,
        })
      ).status,
    ).toBe(200);
    const owner = await signInStaff(t(), server.base, 'owner', m.merchantId);
    const refund = ok<{ id: string }>(
      await owner.mutation('merchant.refunds.create', {
        merchantId: m.merchantId,
        orderId: order.id,
        amount: 1_500,
        idempotencyKey: 'detail-refund-1',
      }),
    );
    const payout = ok<{ id: string }>(
      await owner.mutation('merchant.payouts.create', {
        merchantId: m.merchantId,
        mode: 'test',
        amount: 1_000,
        currency: 'EUR',
        destination: { iban: 'DE89370400440532013000' },
        idempotencyKey: 'detail-payout-1',
      }),
    );

    const developer = await signInStaff(t(), server.base, 'developer', m.merchantId);
    const detail = ok<{
      order: Order;
      payer: { email: string } | null;
      method: unknown;
      money: Record<string, unknown>;
      refunds: { id: string; amount: number; status: string }[];
      timeline: { type: string }[];
      ipnDeliveries: { type: string; url: string; status: string; attemptLog: unknown[] }[];
    }>(
      await developer.query('merchant.orders.detail', {
        merchantId: m.merchantId,
        orderId: order.id,
      }),
    );
    expect(detail.order).toMatchObject({ id: order.id, status: 'partially_refunded' });
    expect(detail.payer).toEqual({ email: shopper.email });
    expect(detail.method).toEqual({ kind: 'wallet' });
    // 1% of 50.00 is 0.50; net is what stays with the merchant after the fee and the refund.
    expect(detail.money).toEqual({
      gross: 5_000,
      fee: 50,
      refunded: 1_500,
      net: 3_450,
      currency: 'EUR',
    });
    expect(detail.refunds.map((r) => [r.id, r.amount, r.status])).toEqual([
      [refund.id, 1_500, 'succeeded'],
    ]);
    expect(detail.timeline.map((e) => e.type)).toContain('order.created');
    expect(detail.timeline.map((e) => e.type)).toContain('order.status_changed');
    const success = detail.ipnDeliveries.find((d) => d.type === 'order.checkout_success');
    expect(success?.url).toMatch(/^https?:\/\//);

    // Another merchant's staff: not found, never the order.
    const other = await paymentMerchant(t(), server.base);
    const stranger = await signInStaff(t(), server.base, 'owner', other.merchantId);
    const refused = await stranger.query('merchant.orders.detail', {
      merchantId: other.merchantId,
      orderId: order.id,
    });
    expect(refusalOf(refused)).toBe('order_not_found');
    expect(JSON.stringify(refused.body)).not.toContain(shopper.email);

    const history = ok<{ items: { kind: string; amount: number; source: unknown }[] }>(
      await owner.query('merchant.balance.history', { merchantId: m.merchantId, currency: 'EUR' }),
    );
    expect(history.items.map((h) => [h.kind, h.amount, h.source])).toEqual([
      ['payout', -1_000, { type: 'payout', id: payout.id }],
      ['refund', -1_500, { type: 'refund', id: refund.id, orderId: order.id }],
      ['fee', -50, { type: 'order', id: order.id }],
      ['payment', 5_000, { type: 'order', id: order.id }],
    ]);
  });

  it('the overview opens in the mode that has payments and puts the previous period beside the current one', async () => {
    const m = await paymentMerchant(t(), server.base);
    const owner = await signInStaff(t(), server.base, 'owner', m.merchantId);
    const today = new Date().toISOString().slice(0, 10);
    const week = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    type Overview = {
      mode: string;
      currency: string;
      currencies: string[];
      hasPayments: { test: boolean; live: boolean };
      current: { day: string; volume: number; succeeded: number; failed: number }[];
      previous: { day: string; volume: number; succeeded: number }[];
    };
    const overview = () =>
      owner.query('merchant.overview', { merchantId: m.merchantId, from: week, to: today });
    const empty = ok<Overview>(await overview());
    // Nothing anywhere: live (what the empty state then explains), every day a zero.
    expect(empty).toMatchObject({ mode: 'live', hasPayments: { test: false, live: false } });
    expect(empty.current).toHaveLength(7);
    expect(empty.previous).toHaveLength(7);

    await paidOrder(m, 1_200);
    await paidOrder(m, 800);
    await m.call('mutation', 'orders.create', orderInput({ amount: 300 })); // open: not counted
    const opened = ok<Overview>(await overview());
    expect(opened).toMatchObject({
      mode: 'test',
      currency: 'EUR',
      hasPayments: { test: true, live: false },
    });
    expect(opened.currencies).toContain('EUR');
    expect(opened.current.at(-1)).toEqual({ day: today, volume: 2_000, succeeded: 2, failed: 0 });
    expect(opened.previous.every((d) => d.succeeded === 0)).toBe(true);
    const live = ok<Overview>(
      await owner.query('merchant.overview', {
        merchantId: m.merchantId,
        from: week,
        to: today,
        mode: 'live',
      }),
    );
    expect(live.current.every((d) => d.volume === 0)).toBe(true);
    // Another merchant's figures are not for this owner.
    const other = await paymentMerchant(t(), server.base);
    expect(
      refusalOf(
        await owner.query('merchant.overview', {
          merchantId: other.merchantId,
          from: week,
          to: today,
        }),
      ),
    ).toBe('forbidden');
    expect(
      refusalOf(
        await owner.query('merchant.overview', { merchantId: m.merchantId, from: today, to: week }),
      ),
    ).toBe('validation_failed');
  });

  it('rotates a key: the new secret is shown once and the old key keeps working for the grace period', async () => {
    const m = await paymentMerchant(t(), server.base);
    const owner = await signInStaff(t(), server.base, 'owner', m.merchantId);
    const keys = ok<{ id: string; kind: string; state: string }[]>(
      await owner.query('merchant.credentials.list', { merchantId: m.merchantId }),
    );
    const apiKey = keys.find((k) => k.kind === 'api_key' && k.state === 'active');
    const rotated = ok<{ credential: { id: string }; secret: string }>(
      await owner.mutation('merchant.credentials.rotate', {
        merchantId: m.merchantId,
        credentialId: apiKey?.id,
        graceSeconds: 600,
      }),
    );
    expect(rotated.secret).toMatch(/^dk_test_/);
    // Both keys authenticate during the grace period.
    expect((await m.call('query', 'merchant.whoami')).status).toBe(200);
    const fresh = await signMerchantJwtFor(server.base, m.merchantId, rotated.secret);
    expect((await fresh.call('query', 'merchant.whoami')).status).toBe(200);
    // The old one is no longer current: rotating it again is a conflict.
    const twice = await owner.mutation('merchant.credentials.rotate', {
      merchantId: m.merchantId,
      credentialId: apiKey?.id,
    });
    expect(refusalOf(twice)).toBe('conflict');
    const listed = ok<{ id: string; state: string }[]>(
      await owner.query('merchant.credentials.list', { merchantId: m.merchantId }),
    );
    expect(listed.find((k) => k.id === apiKey?.id)?.state).toBe('grace');
    expect(JSON.stringify(listed)).not.toContain(rotated.secret);
  });
});

describe('the admin portal: orders and merchants', () => {
  it('searches orders by merchant, status and amount, sorts on the server and pages without gaps or repeats', async () => {
    const m = await paymentMerchant(t(), server.base);
    const amounts = [900, 300, 1_200, 600, 1_500];
    for (const amount of amounts) await paidOrder(m, amount);
    const open = ok<{ order: Order }>(
      await m.call('mutation', 'orders.create', orderInput({ amount: 50 })),
    ).order;
    const support = await signInStaff(t(), server.base, 'support');

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = ok<{ items: Order[]; nextCursor: string | null }>(
        await support.query('admin.orders.list', {
          merchantId: m.merchantId,
          status: 'checkout_success',
          sort: { field: 'amount', dir: 'asc' },
          limit: 2,
          ...(cursor ? { cursor } : {}),
        }),
      );
      seen.push(...page.items.map((o) => o.amount));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...amounts].sort((a, b) => a - b));

    const ranged = ok<{ items: Order[] }>(
      await support.query('admin.orders.list', {
        merchantId: m.merchantId,
        minAmount: 600,
        maxAmount: 1_200,
      }),
    );
    expect(ranged.items.map((o) => o.amount).sort((a, b) => a - b)).toEqual([600, 900, 1_200]);
    expect(
      ok<{ items: Order[] }>(await support.query('admin.orders.list', { orderId: open.id })).items,
    ).toHaveLength(1);
    // A cursor made under one sort is refused under another.
    const first = ok<{ nextCursor: string }>(
      await support.query('admin.orders.list', { merchantId: m.merchantId, limit: 1 }),
    );
    const mixed = await support.query('admin.orders.list', {
      merchantId: m.merchantId,
      cursor: first.nextCursor,
      sort: { field: 'amount', dir: 'asc' },
    });
    expect(refusalOf(mixed)).toBe('validation_failed');
    const badSort = await support.query('admin.orders.list', {
      sort: { field: 'shopperId', dir: 'asc' },
    });
    expect(refusalOf(badSort)).toBe('validation_failed');
  });

  it('lists orders with the merchant’s name, the shopper’s email and the total that match', async () => {
    const m = await paymentMerchant(t(), server.base);
    const paid = await paidOrder(m, 700);
    await paidOrder(m, 800);
    const open = ok<{ order: Order }>(
      await m.call('mutation', 'orders.create', orderInput({ amount: 90 })),
    ).order;
    const [merchant] = await t()
      .database.db.select()
      .from(merchants)
      .where(eq(merchants.id, m.merchantId));
    const [paidRow] = await t().database.db.select().from(orders).where(eq(orders.id, paid.id));
    const [shopper] = await t()
      .database.db.select()
      .from(users)
      .where(eq(users.id, paidRow?.shopperId ?? ''));
    expect(shopper?.email).toMatch(/@/);

    type Listed = Order & {
      merchantName: string;
      shopperId: string | null;
      shopperEmail: string | null;
    };
    const support = await signInStaff(t(), server.base, 'support');
    const page = ok<{ items: Listed[]; total: number; nextCursor: string | null }>(
      await support.query('admin.orders.list', { merchantId: m.merchantId, limit: 2 }),
    );
    // The total counts every match, not the page.
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const all = ok<{ items: Listed[]; total: number }>(
      await support.query('admin.orders.list', { merchantId: m.merchantId }),
    );
    const byId = new Map(all.items.map((o) => [o.id, o]));
    expect(byId.get(paid.id)).toMatchObject({
      merchantName: merchant?.displayName ?? merchant?.businessName,
      shopperId: paidRow?.shopperId,
      shopperEmail: shopper?.email,
    });
    // Not paid yet: no shopper.
    expect(byId.get(open.id)).toMatchObject({ shopperId: null, shopperEmail: null });
    const filtered = ok<{ total: number }>(
      await support.query('admin.orders.list', {
        merchantId: m.merchantId,
        status: 'checkout_success',
      }),
    );
    expect(filtered.total).toBe(2);

    // The merchant area lists the same names for its own orders.
    const owner = await signInStaff(t(), server.base, 'owner', m.merchantId);
    const own = ok<{ items: Listed[]; total: number }>(
      await owner.query('merchant.orders.list', { merchantId: m.merchantId, mode: 'test' }),
    );
    expect(own.total).toBe(3);
    expect(own.items.find((o) => o.id === paid.id)?.shopperEmail).toBe(shopper?.email);
  });

  it('shows an order with its timeline, ledger transfers, risk decision and IPN deliveries', async () => {
    const m = await paymentMerchant(t(), server.base, { feeBps: 100 });
    const order = await paidOrder(m, 2_000);
    const finance = await signInStaff(t(), server.base, 'finance');
    const detail = ok<{
      order: Order & { shopperId: string | null };
      timeline: { type: string }[];
      transfers: { kind: string; amount: number; status: string }[];
      riskDecisions: { decision: string }[];
      ipnDeliveries: { type: string; attemptLog: unknown[] }[];
    }>(await finance.query('admin.orders.get', { orderId: order.id }));
    expect(detail.order).toMatchObject({ id: order.id, status: 'checkout_success' });
    expect(detail.order.shopperId).toMatch(/^usr_/);
    expect(detail.timeline.map((e) => e.type)).toEqual([
      'order.created',
      'risk.decision_made',
      'order.status_changed',
    ]);
    expect(detail.transfers.map((x) => [x.kind, x.amount, x.status]).sort()).toEqual([
      ['fee', 20, 'posted'],
      ['payment', 2_000, 'posted'],
    ]);
    expect(detail.riskDecisions.map((d) => d.decision)).toEqual(['allow']);
    expect(detail.ipnDeliveries.map((d) => d.type)).toEqual(['order.checkout_success']);
    const owner = await signInStaff(t(), server.base, 'owner', m.merchantId);
    expect(refusalOf(await owner.query('admin.orders.get', { orderId: order.id }))).toBe(
      'forbidden',
    );
    expect(
      refusalOf(await finance.query('admin.orders.get', { orderId: 'ord_1111111111111111111111' })),
    ).toBe('order_not_found');
  });

  it('searches merchants by name and email, shows one with balances and counts; support cannot suspend', async () => {
    const m = await paymentMerchant(t(), server.base);
    await paidOrder(m, 800);
    const { email } = await createStaff(t(), { role: 'developer', merchantId: m.merchantId });
    const support = await signInStaff(t(), server.base, 'support');
    const byEmail = ok<{ items: { id: string }[] }>(
      await support.query('admin.merchants.list', { email }),
    );
    expect(byEmail.items.map((x) => x.id)).toEqual([m.merchantId]);
    const byName = ok<{ items: { id: string }[] }>(
      await support.query('admin.merchants.list', { name: 'Test Sh', limit: 200 }),
    );
    expect(byName.items.map((x) => x.id)).toContain(m.merchantId);
    expect(
      ok<{ items: unknown[] }>(await support.query('admin.merchants.list', { name: '100%_' }))
        .items,
    ).toEqual([]);
    const detail = ok<{
      merchant: { status: string };
      balances: { test: { balance: number }[] };
      counts: { orders: number; ordersByStatus: Record<string, number> };
      staff: { email: string }[];
    }>(await support.query('admin.merchants.get', { merchantId: m.merchantId }));
    expect(detail.merchant.status).toBe('active');
    expect(detail.balances.test[0]?.balance).toBe(800);
    expect(detail.counts).toMatchObject({ orders: 1, ordersByStatus: { checkout_success: 1 } });
    expect(detail.staff.map((s) => s.email)).toContain(email);

    const suspend = await support.mutation('admin.merchants.setStatus', {
      merchantId: m.merchantId,
      status: 'suspended',
    });
    expect(suspend.status).toBe(403);
    expect(
      ok<{ merchant: { status: string } }>(
        await support.query('admin.merchants.get', { merchantId: m.merchantId }),
      ).merchant.status,
    ).toBe('active');
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  campaignReservations,
  campaigns,
  ipnDeliveries,
  merchants,
  orders,
  outboxEvents,
  providerPayments,
} from '../db/schema/index.js';
import { applyDiscount } from '../domains/checkout/apply-discount.js';
import { cancelCheckout } from '../domains/checkout/cancel-checkout.js';
import { recordFailedAttempt } from '../domains/checkout/record-failed-attempt.js';
import { createOrder } from '../domains/orders/create-order.js';
import { isAppError } from '../errors.js';
import { newId } from '../infra/id.js';
import { sweepExpiredOrders } from '../jobs/expire-orders.js';
import { useTestEnv } from './harness.js';
import {
  balanceOf,
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  resultData,
  startPaymentServer,
  type TestMerchant,
} from './payments.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let merchant: TestMerchant;

type Campaign = {
  id: string;
  state: string;
  budget: { total: number; reserved: number; remaining: number };
  codes: string[];
};
type View = {
  status: string;
  amount: number;
  grossAmount: number;
  discountAmount: number;
  discount: { campaignId: string; name: string } | null;
};

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

function campaignInput(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Winter sale',
    startsAt: hourAgo(),
    endsAt: inADay(),
    reward: { type: 'discount_percent', basisPoints: 1_000 },
    currency: 'EUR',
    budget: 100_000,
    ...overrides,
  };
}

async function createCampaign(m: TestMerchant, overrides: Record<string, unknown> = {}) {
  const res = await m.call('mutation', 'campaigns.create', campaignInput(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return resultData<Campaign>(res);
}

/** A fresh merchant, so each test sees only its own campaigns. */
async function freshMerchant(options: { maxFailedAttempts?: number } = {}) {
  const m = await paymentMerchant(t(), server.base);
  if (options.maxFailedAttempts) {
    await t()
      .database.db.update(merchants)
      .set({ maxFailedAttempts: options.maxFailedAttempts })
      .where(eq(merchants.id, m.merchantId));
    await server.services.merchants.invalidate?.(m.merchantId);
  }
  return m;
}

/** An order made by the domain function (no HTTP), for the load tests. */
async function directOrder(m: TestMerchant, amount = 2_500, expiresInSeconds?: number) {
  const { order, checkout } = await createOrder({
    services: server.services,
    caller: { merchantId: m.merchantId, mode: 'test', credentialId: 'unused' },
    input: orderInput({ amount, ...(expiresInSeconds ? { expiresInSeconds } : {}) }) as never,
    transaction: (run) => server.services.db.transaction(run),
  });
  return { orderId: order.id, token: checkout.token };
}

async function httpOrder(m: TestMerchant, amount = 2_500) {
  const res = await m.call('mutation', 'orders.create', orderInput({ amount }));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return resultData<{ order: { id: string }; checkout: { token: string } }>(res);
}

async function campaignRow(id: string) {
  const [row] = await t().database.db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!row) throw new Error('no campaign');
  return row;
}

async function reservations(campaignId: string, status: 'reserved' | 'consumed' | 'released') {
  return t()
    .database.db.select()
    .from(campaignReservations)
    .where(
      and(eq(campaignReservations.campaignId, campaignId), eq(campaignReservations.status, status)),
    );
}

beforeAll(async () => {
  server = await startPaymentServer(t());
  merchant = await paymentMerchant(t(), server.base);
});

afterAll(async () => {
  await server.stop();
});

describe('campaigns in the merchant API', () => {
  it('creates, reads, lists and edits a campaign; its state follows the window', async () => {
    const created = await createCampaign(merchant, { codes: ['winter10'] });
    expect(created).toMatchObject({
      state: 'active',
      codes: ['WINTER10'],
      budget: { total: 100_000, reserved: 0, remaining: 100_000 },
    });
    const later = await createCampaign(merchant, {
      startsAt: inADay(),
      endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    expect(later.state).toBe('scheduled');

    const got = await merchant.call('query', 'campaigns.get', { campaignId: created.id });
    expect(resultData<Campaign>(got).id).toBe(created.id);
    const listed = resultData<{ campaigns: Campaign[] }>(
      await merchant.call('query', 'campaigns.list', { state: 'scheduled' }),
    );
    expect(listed.campaigns.map((c) => c.id)).toEqual([later.id]);

    const updated = await merchant.call('mutation', 'campaigns.update', {
      campaignId: created.id,
      name: 'Winter sale II',
      budget: 50_000,
    });
    expect(resultData<Campaign & { name: string }>(updated)).toMatchObject({
      name: 'Winter sale II',
      budget: { total: 50_000 },
    });
    const [event] = await t()
      .database.db.select()
      .from(outboxEvents)
      .where(
        and(eq(outboxEvents.aggregateId, created.id), eq(outboxEvents.type, 'campaign.changed')),
      )
      .limit(1);
    expect(event).toBeDefined();
  });

  it('moves through pause, resume and end; other moves are campaign_state_invalid', async () => {
    const c = await createCampaign(merchant, { draft: true });
    expect(c.state).toBe('draft');
    const pauseDraft = await merchant.call('mutation', 'campaigns.pause', { campaignId: c.id });
    expect(pauseDraft.status).toBe(409);
    expect(pauseDraft.body.error?.data.code).toBe('campaign_state_invalid');
    const launched = await merchant.call('mutation', 'campaigns.resume', { campaignId: c.id });
    expect(resultData<Campaign>(launched).state).toBe('active');
    const paused = await merchant.call('mutation', 'campaigns.pause', { campaignId: c.id });
    expect(resultData<Campaign>(paused).state).toBe('paused');
    const again = await merchant.call('mutation', 'campaigns.pause', { campaignId: c.id });
    expect(resultData<Campaign>(again).state).toBe('paused');
    const ended = await merchant.call('mutation', 'campaigns.end', { campaignId: c.id });
    expect(resultData<Campaign>(ended).state).toBe('ended');
    const resumeEnded = await merchant.call('mutation', 'campaigns.resume', { campaignId: c.id });
    expect(resumeEnded.body.error?.data.code).toBe('campaign_state_invalid');
    const editEnded = await merchant.call('mutation', 'campaigns.update', {
      campaignId: c.id,
      name: 'x',
    });
    expect(editEnded.body.error?.data.code).toBe('campaign_state_invalid');
  });

  it('refuses bad input with typed errors and writes nothing', async () => {
    const m = await freshMerchant();
    const backwards = await m.call(
      'mutation',
      'campaigns.create',
      campaignInput({ startsAt: inADay(), endsAt: hourAgo() }),
    );
    expect(backwards.status).toBe(400);
    const percent = await m.call(
      'mutation',
      'campaigns.create',
      campaignInput({ reward: { type: 'discount_percent', basisPoints: 10_001 } }),
    );
    expect(percent.status).toBe(400);
    const float = await m.call('mutation', 'campaigns.create', campaignInput({ budget: 10.5 }));
    expect(float.status).toBe(400);
    const currency = await m.call(
      'mutation',
      'campaigns.create',
      campaignInput({ currency: 'ZZZ' }),
    );
    expect(currency.body.error?.data.code).toBe('currency_unsupported');
    await createCampaign(m, { codes: ['SAME'] });
    const taken = await m.call('mutation', 'campaigns.create', campaignInput({ codes: ['same'] }));
    expect(taken.status).toBe(409);
    expect(taken.body.error?.data.code).toBe('campaign_code_taken');
    const unknown = await m.call('query', 'campaigns.get', { campaignId: 'cmp_nope' });
    expect(unknown.body.error?.data.code).toBe('campaign_not_found');
    const rows = await t()
      .database.db.select()
      .from(campaigns)
      .where(eq(campaigns.merchantId, m.merchantId));
    expect(rows).toHaveLength(1);
  });

  it('is served as REST too', async () => {
    const res = await fetch(`${server.base}/v1/campaigns`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await merchant.jwt()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(campaignInput({ name: 'REST sale' })),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Campaign;
    const got = await fetch(`${server.base}/v1/campaigns/${body.id}`, {
      headers: { authorization: `Bearer ${await merchant.jwt()}` },
    });
    expect(((await got.json()) as Campaign).id).toBe(body.id);
  });
});

describe('the discount at checkout', () => {
  it('applies the best campaign: the shopper pays less, the merchant receives less, the order and IPN say so', async () => {
    const m = await freshMerchant();
    await createCampaign(m, { name: 'Small', reward: { type: 'discount_fixed', amount: 100 } });
    const best = await createCampaign(m, {
      name: 'Big',
      reward: { type: 'discount_percent', basisPoints: 2_000 },
      capPerOrder: 400,
    });
    const shopper = await paymentShopper(t(), server, 10_000);
    const created = await httpOrder(m, 2_500);
    const applied = await shopper.browser.mutation('checkout.applyDiscount', {
      token: created.checkout.token,
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    // 20 % of 25.00 is 5.00, capped at 4.00.
    expect(resultData<View>(applied)).toMatchObject({
      grossAmount: 2_500,
      discountAmount: 400,
      amount: 2_100,
      discount: { campaignId: best.id, name: 'Big' },
    });
    // Asking again (every page load does) changes nothing.
    const again = await shopper.browser.mutation('checkout.applyDiscount', {
      token: created.checkout.token,
    });
    expect(resultData<View>(again).amount).toBe(2_100);
    expect((await campaignRow(best.id)).budgetReserved).toBe(400);

    const paid = await shopper.browser.mutation('checkout.payWithWallet', {
      token: created.checkout.token,
    });
    expect(resultData<View>(paid).status).toBe('checkout_success');
    expect(await balanceOf(t(), shopper.walletId)).toBe(10_000 - 2_100);
    const merchantAccount = await server.services.accounts.merchantBalance(
      m.merchantId,
      'EUR',
      'test',
    );
    expect(await balanceOf(t(), merchantAccount)).toBe(2_100);

    const order = resultData<Record<string, unknown>>(
      await m.call('query', 'orders.get', { orderId: created.order.id }),
    );
    expect(order).toMatchObject({
      amount: 2_100,
      grossAmount: 2_500,
      discountAmount: 400,
      campaignId: best.id,
      capturedAmount: 2_100,
      pointsEarned: 0,
      pointsRedeemed: 0,
    });
    expect(await reservations(best.id, 'consumed')).toHaveLength(1);
    const [ipn] = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, created.order.id));
    expect(JSON.stringify(ipn?.body)).toContain(`"campaignId":"${best.id}"`);
    const [changed] = await t()
      .database.db.select()
      .from(outboxEvents)
      .where(
        and(
          eq(outboxEvents.aggregateId, created.order.id),
          eq(outboxEvents.type, 'order.status_changed'),
        ),
      );
    expect(changed?.payload).toMatchObject({
      discountAmount: 400,
      campaignId: best.id,
      amount: 2_100,
    });
  });

  it('applies a typed code (case-insensitive) and refuses bad ones with typed errors, changing nothing', async () => {
    const m = await freshMerchant();
    const open = await createCampaign(m, { reward: { type: 'discount_fixed', amount: 50 } });
    const coded = await createCampaign(m, {
      reward: { type: 'discount_fixed', amount: 300 },
      codes: ['VIP300'],
    });
    await createCampaign(m, {
      codes: ['LATER'],
      startsAt: inADay(),
      endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    const shopper = await paymentShopper(t(), server, 0);
    const { checkout } = await httpOrder(m, 1_000);
    // Without the code, only the codeless campaign applies.
    const auto = resultData<View>(
      await shopper.browser.mutation('checkout.applyDiscount', { token: checkout.token }),
    );
    expect(auto.discount?.campaignId).toBe(open.id);

    const bad = await shopper.browser.mutation('checkout.applyDiscount', {
      token: checkout.token,
      code: 'NOPE1',
    });
    expect(bad.status).toBe(404);
    expect(bad.body.error?.data.code).toBe('campaign_code_invalid');
    const later = await shopper.browser.mutation('checkout.applyDiscount', {
      token: checkout.token,
      code: 'later',
    });
    expect(later.body.error?.data.code).toBe('campaign_not_active');

    const typed = resultData<View>(
      await shopper.browser.mutation('checkout.applyDiscount', {
        token: checkout.token,
        code: 'vip300',
      }),
    );
    expect(typed).toMatchObject({
      amount: 700,
      discountAmount: 300,
      discount: { campaignId: coded.id },
    });
    // The share of the campaign it replaced went back.
    expect((await campaignRow(open.id)).budgetReserved).toBe(0);
    expect((await campaignRow(coded.id)).budgetReserved).toBe(300);
  });

  it('keeps first-order campaigns to first orders, and paused or draft campaigns out', async () => {
    const m = await freshMerchant();
    const first = await createCampaign(m, {
      audience: 'first_order',
      reward: { type: 'discount_fixed', amount: 200 },
    });
    const paused = await createCampaign(m, { reward: { type: 'discount_fixed', amount: 900 } });
    await m.call('mutation', 'campaigns.pause', { campaignId: paused.id });
    await createCampaign(m, { reward: { type: 'discount_fixed', amount: 900 }, draft: true });
    await createCampaign(m, {
      audience: 'min_points',
      minPoints: 10,
      reward: { type: 'discount_fixed', amount: 900 },
    });
    const shopper = await paymentShopper(t(), server, 10_000);

    // A guest is not known to be on a first order.
    const guestOrder = await httpOrder(m, 1_000);
    const guest = await applyDiscount({
      services: server.services,
      token: guestOrder.checkout.token,
      shopperId: null,
    });
    expect(guest.discount).toBeNull();

    const one = await httpOrder(m, 1_000);
    const firstView = resultData<View>(
      await shopper.browser.mutation('checkout.applyDiscount', { token: one.checkout.token }),
    );
    expect(firstView.discount?.campaignId).toBe(first.id);
    await shopper.browser.mutation('checkout.payWithWallet', { token: one.checkout.token });

    const two = await httpOrder(m, 1_000);
    const second = resultData<View>(
      await shopper.browser.mutation('checkout.applyDiscount', { token: two.checkout.token }),
    );
    expect(second).toMatchObject({ discount: null, amount: 1_000, discountAmount: 0 });
  });
});

describe('the campaign budget under concurrency', () => {
  it('gives exactly 100 discounts to 1,000 concurrent checkouts on a budget for 100, and gets the budget back from those that fail, expire or are cancelled', async () => {
    const m = await freshMerchant({ maxFailedAttempts: 1 });
    const campaign = await createCampaign(m, {
      reward: { type: 'discount_fixed', amount: 100 },
      budget: 10_000,
    });
    const opened = [];
    for (let i = 0; i < 1_000; i += 50) {
      opened.push(...(await Promise.all(Array.from({ length: 50 }, () => directOrder(m)))));
    }
    const views = await Promise.all(
      opened.map(({ token }) =>
        applyDiscount({ services: server.services, token, shopperId: null }).catch(
          (e: unknown) => e,
        ),
      ),
    );
    const failures = views.filter((v) => v instanceof Error);
    expect(failures).toEqual([]);
    const discounted = views.filter((v) => (v as View).discountAmount === 100);
    expect(discounted).toHaveLength(100);
    const row = await campaignRow(campaign.id);
    expect(row.budgetReserved).toBe(10_000);
    expect(await reservations(campaign.id, 'reserved')).toHaveLength(100);
    const dbDiscounted = await t()
      .database.db.select({ id: orders.id, amount: orders.amount })
      .from(orders)
      .where(eq(orders.campaignId, campaign.id));
    expect(dbDiscounted).toHaveLength(100);
    expect(dbDiscounted.every((o) => o.amount === 2_400)).toBe(true);

    // 10 expire, 10 are cancelled by the shopper, 10 run out of failed attempts.
    const ids = dbDiscounted.map((o) => o.id);
    const byId = new Map(opened.map((o) => [o.orderId, o.token]));
    const expiring = ids.slice(0, 10);
    for (const id of expiring) {
      await t()
        .database.db.update(orders)
        .set({ expiresAt: new Date(Date.now() - 1_000) })
        .where(eq(orders.id, id));
    }
    expect(await sweepExpiredOrders({ services: server.services })).toBeGreaterThanOrEqual(10);
    await Promise.all(
      ids
        .slice(10, 20)
        .map((id) => cancelCheckout({ services: server.services, token: byId.get(id) ?? '' })),
    );
    for (const id of ids.slice(20, 30)) {
      const paymentId = newId('pp');
      await t().database.db.insert(providerPayments).values({
        id: paymentId,
        provider: 'sandbox',
        purpose: 'order',
        orderId: id,
        merchantId: m.merchantId,
        mode: 'test',
        amount: 2_400,
        currency: 'EUR',
      });
      const [payment] = await t()
        .database.db.select()
        .from(providerPayments)
        .where(eq(providerPayments.id, paymentId));
      const [order] = await t().database.db.select().from(orders).where(eq(orders.id, id));
      if (!payment || !order) throw new Error('missing rows');
      const ended = await recordFailedAttempt({
        services: server.services,
        row: order,
        payment,
        failureCode: 'card_declined',
      });
      expect(ended).toMatchObject({ status: 'error_checkout' });
    }
    expect(await reservations(campaign.id, 'released')).toHaveLength(30);
    expect((await campaignRow(campaign.id)).budgetReserved).toBe(7_000);

    // The 30 shares that came back go to 30 of the 900 checkouts that had none, never more.
    const rest = opened.filter((o) => !ids.includes(o.orderId));
    const retried = await Promise.all(
      rest.map(({ token }) => applyDiscount({ services: server.services, token, shopperId: null })),
    );
    expect(retried.filter((v) => v.discountAmount === 100)).toHaveLength(30);
    expect((await campaignRow(campaign.id)).budgetReserved).toBe(10_000);
    expect(await reservations(campaign.id, 'reserved')).toHaveLength(100);
  }, 180_000);

  it('answers campaign_budget_exhausted to a code whose budget is used up, and changes nothing', async () => {
    const m = await freshMerchant();
    const c = await createCampaign(m, {
      reward: { type: 'discount_fixed', amount: 500 },
      budget: 500,
      codes: ['ONCE'],
    });
    const a = await directOrder(m);
    const b = await directOrder(m);
    await applyDiscount({
      services: server.services,
      token: a.token,
      shopperId: null,
      code: 'ONCE',
    });
    const refused = await applyDiscount({
      services: server.services,
      token: b.token,
      shopperId: null,
      code: 'ONCE',
    }).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('campaign_budget_exhausted');
    const [order] = await t().database.db.select().from(orders).where(eq(orders.id, b.orderId));
    expect(order).toMatchObject({ amount: 2_500, discountAmount: 0, campaignId: null });
    expect((await campaignRow(c.id)).budgetReserved).toBe(500);
  });
});

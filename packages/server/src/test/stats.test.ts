import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, outboxEvents, statsDaily } from '../db/schema/index.js';
import { getDailyStats } from '../domains/stats/get-daily-stats.js';
import { rebuildStats } from '../domains/stats/rebuild-stats.js';
import { applyStatsEvents, statsDailySubscription } from '../domains/stats/update-stats.js';
import type { DucatEvent } from '../events/catalogue.js';
import { outbox } from '../events/index.js';
import { createInProcessBus } from '../infra/event-bus.js';
import { consumeEvents } from '../infra/event-consumer.js';
import { createOutboxRelay, type OutboxRelay } from '../infra/outbox-relay.js';
import { useTestEnv } from './harness.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  startPaymentServer,
  type TestMerchant,
  type TestShopper,
} from './payments.js';
import { ok, refusalOf, signInStaff } from './portal.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let relay: OutboxRelay;
let merchant: TestMerchant;
const today = new Date().toISOString().slice(0, 10);

async function newOrder(amount: number): Promise<{ id: string; token: string }> {
  const created = ok<{ order: { id: string }; checkout: { token: string } }>(
    await merchant.call('mutation', 'orders.create', orderInput({ amount })),
  );
  return { id: created.order.id, token: created.checkout.token };
}

async function pay(shopper: TestShopper, amount: number): Promise<void> {
  const order = await newOrder(amount);
  ok(await shopper.browser.mutation('checkout.payWithWallet', { token: order.token }));
}

/** A payment that failed for good (as the checkout records one), with its event. */
async function fail(amount: number): Promise<void> {
  const order = await newOrder(amount);
  await t().database.db.transaction(async (tx) => {
    await tx
      .update(orders)
      .set({ status: 'error_checkout', finalAt: new Date(), failureCode: 'declined', version: 2 })
      .where(eq(orders.id, order.id));
    await outbox.append({
      tx,
      type: 'order.status_changed',
      aggregateId: order.id,
      payload: {
        orderId: order.id,
        merchantId: merchant.merchantId,
        mode: 'test',
        from: 'created',
        to: 'error_checkout',
        version: 2,
        amount,
        currency: 'EUR',
        failureCode: 'declined',
      },
    });
  });
}

/** The same figures counted directly over the orders (live and archived). */
async function recount(merchantId: string) {
  const db = t().database.db;
  const q = async (query: ReturnType<typeof sql>) => {
    const [rows] = (await db.execute(query)) as unknown as [Record<string, unknown>[]];
    return rows[0] ?? {};
  };
  const cols = sql.raw(
    'merchant_id, mode, currency, amount, status, shopper_id, created_at, final_at',
  );
  const all = sql`(SELECT ${cols} FROM orders UNION ALL SELECT ${cols} FROM order_history)`;
  const paid = sql`status IN ('checkout_success', 'refunded', 'partially_refunded')`;
  const scope = sql`merchant_id = ${merchantId} AND mode = 'test' AND currency = 'EUR'`;
  const opened = await q(
    sql`SELECT COUNT(*) AS n FROM ${all} a WHERE ${scope} AND DATE(created_at) = ${today}`,
  );
  const succeeded = await q(
    sql`SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS v, COUNT(shopper_id) AS s FROM ${all} a
         WHERE ${scope} AND ${paid} AND DATE(final_at) = ${today}`,
  );
  const failed = await q(
    sql`SELECT COUNT(*) AS n FROM ${all} a WHERE ${scope}
         AND status IN ('error_checkout', 'reject_risk_service') AND DATE(final_at) = ${today}`,
  );
  const firsts = await q(
    sql`SELECT COUNT(*) AS n FROM (SELECT shopper_id, MIN(final_at) AS first FROM ${all} a
         WHERE ${scope} AND ${paid} AND shopper_id IS NOT NULL GROUP BY shopper_id) f
         WHERE DATE(first) = ${today}`,
  );
  const n = (v: unknown) => Number(v ?? 0);
  return {
    checkoutsOpened: n(opened.n),
    ordersSucceeded: n(succeeded.n),
    ordersFailed: n(failed.n),
    revenue: n(succeeded.v),
    newShoppers: n(firsts.n),
    returningShoppers: n(succeeded.s) - n(firsts.n),
  };
}

beforeAll(async () => {
  server = await startPaymentServer(t());
  const db = t().database.db;
  const bus = createInProcessBus({ db, logger: t().logger });
  bus.subscribe(statsDailySubscription());
  relay = createOutboxRelay({ database: t().database, bus, logger: t().logger });
  relay.start();
  merchant = await paymentMerchant(t(), server.base);
});

afterAll(async () => {
  await relay.stop();
  await server.stop();
});

describe('statistics warehouse', () => {
  it('the consumer, the rebuild from the event history and a recount over orders agree', async () => {
    const ann = await paymentShopper(t(), server, 50_000);
    const bob = await paymentShopper(t(), server, 50_000);
    await pay(ann, 1_000);
    await pay(ann, 2_000); // ann again: returning
    await pay(bob, 3_500);
    await fail(700);
    await newOrder(999); // opened, never paid
    await relay.drain();

    const owner = await signInStaff(t(), server.base, 'owner', merchant.merchantId);
    const daily = async () =>
      ok<Record<string, unknown>[]>(
        await owner.query('stats.daily', {
          merchantId: merchant.merchantId,
          mode: 'test',
          currency: 'EUR',
          from: today,
          to: today,
        }),
      )[0];
    const incremental = await daily();
    expect(incremental).toEqual({
      day: today,
      checkoutsOpened: 5,
      ordersSucceeded: 3,
      ordersFailed: 1,
      conversion: 3 / 5,
      revenue: 6_500,
      discountCost: 0,
      pointsIssued: 0,
      pointsRedeemed: 0,
      newShoppers: 2,
      returningShoppers: 1,
    });
    expect(incremental).toMatchObject(await recount(merchant.merchantId));

    // Rebuilt from the outbox: the same figures; then redelivered: nothing counts twice.
    const rebuilt = await rebuildStats({ db: t().database.db, from: today });
    expect(rebuilt.events).toBeGreaterThanOrEqual(9);
    expect(await daily()).toEqual(incremental);
    const rows = await t().database.db.select().from(outboxEvents);
    const events: DucatEvent[] = rows.map((r) => ({
      id: r.eventId,
      type: r.type,
      version: r.version,
      aggregateType: r.aggregateType,
      aggregateId: r.aggregateId,
      occurredAt: r.occurredAt.toISOString(),
      payload: r.payload,
    }));
    const subscription = statsDailySubscription();
    const share = events.filter((e) => (subscription.types as readonly string[]).includes(e.type));
    expect(await consumeEvents({ db: t().database.db, subscription, events: share })).toBe(0);
    expect(await daily()).toEqual(incremental);

    // New activity after the rebuild is counted by the consumer on top of it, and a second
    // rebuild still agrees.
    await pay(bob, 500);
    await relay.drain();
    const after = await daily();
    expect(after).toMatchObject({ ordersSucceeded: 4, revenue: 7_000, returningShoppers: 2 });
    expect(after).toMatchObject(await recount(merchant.merchantId));
    await rebuildStats({ db: t().database.db, from: today });
    expect(await daily()).toEqual(after);

    // Another merchant's staff is refused; a rebuild beyond the outbox's 7 days too.
    const other = await paymentMerchant(t(), server.base);
    const stranger = await signInStaff(t(), server.base, 'owner', other.merchantId);
    expect(
      refusalOf(
        await stranger.query('stats.daily', {
          merchantId: merchant.merchantId,
          currency: 'EUR',
          from: today,
          to: today,
        }),
      ),
    ).toBe('forbidden');
    await expect(rebuildStats({ db: t().database.db, from: '2020-01-01' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('orders of a campaign (part A fields) count per campaign too; a missing campaignId is none', async () => {
    const db = t().database.db;
    const merchantId = 'mch_CampaignStatsTest12345';
    const at = `${today}T10:00:00.000Z`;
    const base = { merchantId, mode: 'live', currency: 'EUR', amount: 9_000 };
    const event = (id: string, type: string, payload: Record<string, unknown>): DucatEvent => ({
      id,
      type,
      version: 1,
      aggregateType: 'order',
      aggregateId: String(payload.orderId),
      occurredAt: at,
      payload: { ...base, ...payload },
    });
    await db.transaction((tx) =>
      applyStatsEvents({
        tx,
        events: [
          event('evt_c1', 'order.created', { orderId: 'ord_c1', campaignId: 'cmp_1' }),
          event('evt_c2', 'order.created', { orderId: 'ord_c2', campaignId: 'cmp_1' }),
          event('evt_c3', 'order.created', { orderId: 'ord_c3' }),
          event('evt_c4', 'order.status_changed', {
            orderId: 'ord_c1',
            to: 'checkout_success',
            campaignId: 'cmp_1',
            shopperId: 'usr_1',
            discountAmount: 1_000,
            pointsEarned: 90,
            pointsRedeemed: 5,
          }),
          event('evt_c5', 'order.status_changed', {
            orderId: 'ord_c3',
            to: 'checkout_success',
            campaignId: null,
            shopperId: 'usr_1',
          }),
        ],
      }),
    );
    const read = (campaignId?: string) =>
      getDailyStats({
        db,
        merchantId,
        mode: 'live',
        currency: 'EUR',
        from: today,
        to: today,
        campaignId,
      });
    expect((await read('cmp_1'))[0]).toMatchObject({
      checkoutsOpened: 2,
      ordersSucceeded: 1,
      conversion: 0.5,
      revenue: 9_000,
      discountCost: 1_000,
      pointsIssued: 90,
      pointsRedeemed: 5,
      newShoppers: 1,
      returningShoppers: 0,
    });
    expect((await read())[0]).toMatchObject({
      checkoutsOpened: 3,
      ordersSucceeded: 2,
      revenue: 18_000,
      discountCost: 1_000,
      newShoppers: 1,
      returningShoppers: 1,
    });
    const campaignRows = await db
      .select()
      .from(statsDaily)
      .where(eq(statsDaily.merchantId, merchantId));
    expect(campaignRows.map((r) => r.campaignId).sort()).toEqual(['', 'cmp_1']);
    // campaigns.stats answers the same through the API (platform staff here).
    const admin = await signInStaff(t(), server.base, 'admin');
    const viaApi = ok<Record<string, unknown>[]>(
      await admin.query('campaigns.stats', {
        merchantId,
        campaignId: 'cmp_1',
        mode: 'live',
        currency: 'EUR',
        from: today,
        to: today,
      }),
    );
    expect(viaApi).toEqual(await read('cmp_1'));
  });
});

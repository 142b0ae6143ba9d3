import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ipnDeliveries,
  orderExceptions,
  orders,
  outboxEvents,
  reconDifferences,
} from '../db/schema/index.js';
import { handleProviderNotification } from '../domains/checkout/handle-provider-notification.js';
import { resolveException } from '../domains/checkout/resolve-exception.js';
import { createProviderRegistry } from '../domains/providers/registry.js';
import { fetchDailySettlements } from '../domains/reconciliation/fetch-daily-settlements.js';
import { reconDepsFrom } from '../domains/reconciliation/recon-deps.js';
import { runReconciliation } from '../domains/reconciliation/run-reconciliation.js';
import { sweepExpiredOrders } from '../jobs/expire-orders.js';
import { createSandboxProvider, type SandboxProvider } from '../sandbox/create-sandbox-provider.js';
import { useTestEnv } from './harness.js';
import { Browser } from './identity.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  resultData,
  startPaymentServer,
  submitSandboxCard,
  type TestMerchant,
  waitUntil,
} from './payments.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
const SECRET = 'sandbox-provider-test-secret';
const LATE_MS = 800;
const LATE_CARD = '4000000000000028';
const STAFF = { type: 'staff' as const, id: 'stf_finance_test' };
let sandbox: SandboxProvider;
let server: PaymentServer;

async function orderRow(id: string) {
  const [row] = await t().database.db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error('no order');
  return row;
}

/** A card payment whose success arrives after the order timed out: an open exception. */
async function lateSuccess(m: TestMerchant, amount: number) {
  const created = await m.call('mutation', 'orders.create', orderInput({ amount }));
  const { order, checkout } = resultData<{ order: { id: string }; checkout: { token: string } }>(
    created,
  );
  const guest = new Browser(server.base);
  const started = await guest.mutation('checkout.payWithProvider', {
    token: checkout.token,
    provider: 'sandbox',
  });
  const { redirectUrl } = resultData<{ redirectUrl: string }>(started);
  expect((await submitSandboxCard(redirectUrl, LATE_CARD)).status).toBe(303);
  await t()
    .database.db.update(orders)
    .set({ expiresAt: new Date(Date.now() - 1_000) })
    .where(eq(orders.id, order.id));
  await sweepExpiredOrders({ services: server.services });
  await waitUntil(
    () => orderRow(order.id),
    (r) => r.status === 'exception_checkout',
  );
  const [entry] = await t()
    .database.db.select()
    .from(orderExceptions)
    .where(eq(orderExceptions.orderId, order.id));
  if (!entry) throw new Error('no exception');
  return { orderId: order.id, token: checkout.token, exceptionId: entry.id };
}

/** Imports today's sandbox settlement file and reconciles today, platform-wide. */
async function reconcileToday(options: { fetch: boolean } = { fetch: true }) {
  const from = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const to = new Date(from.getTime() + 86_400_000);
  if (options.fetch)
    await fetchDailySettlements({
      db: t().database.db,
      providers: server.services.providers,
      logger: t().logger,
      date: from.toISOString().slice(0, 10),
    });
  const { run } = await runReconciliation({
    deps: reconDepsFrom(server.services, t().database.pool),
    scope: { from, to, merchantId: null },
    origin: 'manual',
  });
  return run;
}

beforeAll(async () => {
  sandbox = createSandboxProvider({
    secret: SECRET,
    logger: t().logger,
    lateDelayMs: LATE_MS,
    notifyRetryDelaysMs: [200, 500, 1_000, 2_000],
  });
  await sandbox.listen(0, '127.0.0.1');
  server = await startPaymentServer(t(), {
    providers: createProviderRegistry({ sandbox: { baseUrl: () => sandbox.url, secret: SECRET } }),
    onNotification: handleProviderNotification,
  });
  server.services.config.apiUrl = server.base;
});

afterAll(async () => {
  await sandbox?.close();
  await server?.stop();
});

describe('exceptions resolved from the queue', () => {
  it('a late success refunded from the queue, and another honoured, reconcile with the day’s settlement: no difference', async () => {
    const shop = await paymentMerchant(t(), server.base, { ipnUrl: 'http://127.0.0.1:9/ipn' });
    const refunded = await lateSuccess(shop, 3_200);
    const honoured = await lateSuccess(shop, 2_100);
    await resolveException({
      services: server.services,
      actor: STAFF,
      exceptionId: refunded.exceptionId,
      action: 'refund',
    });
    await resolveException({
      services: server.services,
      actor: STAFF,
      exceptionId: honoured.exceptionId,
      action: 'honour',
    });
    const run = await reconcileToday();
    expect(run.status).toBe('completed');
    expect(await t().database.db.select().from(reconDifferences)).toEqual([]);
    // The refund line and the late money coming in are known, matched movements (not skipped,
    // not a missing order); the honoured one is its order's payment line.
    expect(run.counts).toEqual({ matched: 3 });

    // Those lines are checked, not waved through: a late payment the provider never settled
    // shows as missing at the provider, for its amount.
    await t().database.pool.query(
      `DELETE s FROM recon_settlement_lines s JOIN order_exceptions x ON s.reference = x.provider_payment_id
       WHERE x.id = ?`,
      [refunded.exceptionId],
    );
    // (Not fetched again: the sandbox's file still has the line.)
    const rerun = await reconcileToday({ fetch: false });
    expect(rerun.counts).toEqual({ matched: 2, missing_at_provider: 1 });
    expect(await t().database.db.select().from(reconDifferences)).toEqual([
      expect.objectContaining({
        matchKey: `excpay:${refunded.exceptionId}`,
        category: 'missing_at_provider',
        delta: 3_200,
      }),
    ]);
  });

  it('a refund from the queue is told: resolution on the order, an event, an IPN, and the shopper’s page says the money went back', async () => {
    const shop = await paymentMerchant(t(), server.base, { ipnUrl: 'http://127.0.0.1:9/ipn' });
    const late = await lateSuccess(shop, 4_400);
    const guest = new Browser(server.base);
    const before = resultData<{ status: string; exceptionResolution: string | null }>(
      await guest.query('checkout.open', { token: late.token }),
    );
    expect(before).toMatchObject({ status: 'exception_checkout', exceptionResolution: null });

    await resolveException({
      services: server.services,
      actor: STAFF,
      exceptionId: late.exceptionId,
      action: 'refund',
    });
    const row = await orderRow(late.orderId);
    expect(row).toMatchObject({ status: 'exception_checkout', exceptionResolution: 'refunded' });
    const events = await t()
      .database.db.select()
      .from(outboxEvents)
      .where(
        and(
          eq(outboxEvents.aggregateId, late.orderId),
          eq(outboxEvents.type, 'order.exception_resolved'),
        ),
      );
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        exceptionId: late.exceptionId,
        resolution: 'refunded',
        amount: 4_400,
        version: row.version,
      }),
    ]);
    const ipns = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, late.orderId))
      .orderBy(ipnDeliveries.seq);
    expect(ipns.map((i) => i.type)).toEqual([
      'order.timeout',
      'order.exception_checkout',
      'order.exception_resolved',
    ]);
    expect(ipns.map((i) => i.seq)).toEqual([1, 2, 3]);
    expect((ipns[2]?.body as { data: { order: unknown } } | undefined)?.data.order).toMatchObject({
      id: late.orderId,
      status: 'exception_checkout',
      exceptionResolution: 'refunded',
    });
    const after = resultData<{ status: string; exceptionResolution: string | null }>(
      await guest.query('checkout.open', { token: late.token }),
    );
    expect(after).toMatchObject({ status: 'exception_checkout', exceptionResolution: 'refunded' });
    // The merchant's API shows it too.
    const got = resultData<{ exceptionResolution: string | null }>(
      await shop.call('query', 'orders.get', { orderId: late.orderId }),
    );
    expect(got.exceptionResolution).toBe('refunded');
  });

  it('an honour is told the same way, after the order’s checkout_success', async () => {
    const shop = await paymentMerchant(t(), server.base, { ipnUrl: 'http://127.0.0.1:9/ipn' });
    const late = await lateSuccess(shop, 1_500);
    await resolveException({
      services: server.services,
      actor: STAFF,
      exceptionId: late.exceptionId,
      action: 'honour',
    });
    expect(await orderRow(late.orderId)).toMatchObject({
      status: 'checkout_success',
      exceptionResolution: 'honoured',
    });
    const ipns = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, late.orderId))
      .orderBy(ipnDeliveries.seq);
    expect(ipns.map((i) => i.type)).toEqual([
      'order.timeout',
      'order.exception_checkout',
      'order.checkout_success',
      'order.exception_resolved',
    ]);
    // A second resolve changes nothing and tells nobody twice.
    await expect(
      resolveException({
        services: server.services,
        actor: STAFF,
        exceptionId: late.exceptionId,
        action: 'refund',
      }),
    ).rejects.toMatchObject({ code: 'exception_resolved' });
    const again = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, late.orderId));
    expect(again).toHaveLength(4);
  });

  it('a refund and an honour of one exception at once: one wins, the order and the merchant are told once', async () => {
    const shop = await paymentMerchant(t(), server.base, { ipnUrl: 'http://127.0.0.1:9/ipn' });
    const late = await lateSuccess(shop, 2_700);
    const results = await Promise.allSettled(
      (['refund', 'honour'] as const).map((action) =>
        resolveException({
          services: server.services,
          actor: STAFF,
          exceptionId: late.exceptionId,
          action,
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const resolution = won[0]?.status === 'fulfilled' ? won[0].value.status : undefined;
    const row = await orderRow(late.orderId);
    expect(row.exceptionResolution).toBe(resolution === 'refunded' ? 'refunded' : 'honoured');
    const told = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(
        and(
          eq(ipnDeliveries.orderId, late.orderId),
          eq(ipnDeliveries.type, 'order.exception_resolved'),
        ),
      );
    expect(told).toHaveLength(1);
  });
});

import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, merchants, metricsDaily, orders, outboxEvents } from '../db/schema/index.js';
import { backfillMetricsDaily, computeDailyMetrics } from '../domains/metrics/backfill-metrics.js';
import { getDailyMetrics } from '../domains/metrics/get-daily-metrics.js';
import { metricsDailySubscription } from '../domains/metrics/update-metrics.js';
import type { DucatEvent } from '../events/catalogue.js';
import { outbox } from '../events/index.js';
import { consumeEvent, consumeEvents } from '../infra/event-consumer.js';
import { useTestEnv } from './harness.js';
import { PASSWORD } from './identity.js';
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
import { type Answer, ok, refusalOf, signInStaff } from './portal.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let merchant: TestMerchant;

async function newOrder(amount: number): Promise<{ id: string; token: string }> {
  const created = ok<{ order: { id: string }; checkout: { token: string } }>(
    await merchant.call('mutation', 'orders.create', orderInput({ amount })),
  );
  return { id: created.order.id, token: created.checkout.token };
}

async function pay(shopper: TestShopper, amount: number): Promise<Answer> {
  const order = await newOrder(amount);
  return shopper.browser.mutation('checkout.payWithWallet', { token: order.token });
}

beforeAll(async () => {
  server = await startPaymentServer(t());
  merchant = await paymentMerchant(t(), server.base, { feeBps: 100 });
});

afterAll(async () => {
  await server.stop();
});

describe('shoppers', () => {
  it('a locked shopper is signed out, cannot log in or pay; unlocked, they can again', async () => {
    const shopper = await paymentShopper(t(), server, 10_000);
    expect((await pay(shopper, 1_000)).status).toBe(200);
    const support = await signInStaff(t(), server.base, 'support');
    const finance = await signInStaff(t(), server.base, 'finance');

    const found = ok<{ items: { id: string; locked: boolean }[] }>(
      await support.query('admin.shoppers.list', { email: shopper.email.slice(0, 12) }),
    );
    expect(found.items.map((s) => s.id)).toContain(shopper.userId);

    expect(
      refusalOf(
        await finance.mutation('admin.shoppers.setLocked', {
          userId: shopper.userId,
          locked: true,
          reason: 'chargeback fraud',
        }),
      ),
    ).toBe('forbidden');
    // Two staff lock at once: one change, one event, one audit row.
    const [a, b] = await Promise.all([
      support.mutation('admin.shoppers.setLocked', {
        userId: shopper.userId,
        locked: true,
        reason: 'chargeback fraud',
      }),
      support.mutation('admin.shoppers.setLocked', {
        userId: shopper.userId,
        locked: true,
        reason: 'chargeback fraud',
      }),
    ]);
    expect(ok<{ locked: boolean }>(a).locked).toBe(true);
    expect(ok<{ locked: boolean }>(b).locked).toBe(true);
    const events = await t()
      .database.db.select()
      .from(outboxEvents)
      .where(
        and(
          eq(outboxEvents.aggregateId, shopper.userId),
          eq(outboxEvents.type, 'user.lock_changed'),
        ),
      );
    expect(events).toHaveLength(1);
    const audits = await t()
      .database.db.select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, shopper.userId), eq(auditLog.action, 'shopper.locked')));
    expect(audits).toHaveLength(1);

    // The session is gone: no payment, no deposit.
    const refused = await pay(shopper, 1_000);
    expect(refusalOf(refused)).toBe('session_required');
    const login = await shopper.browser.mutation('account.logIn', {
      email: shopper.email,
      password: PASSWORD,
    });
    expect(refusalOf(login)).toBe('account_locked');
    const locked = ok<{
      shopper: { locked: boolean; lockedReason: string };
      wallets: { balance: number }[];
    }>(await support.query('admin.shoppers.get', { userId: shopper.userId }));
    expect(locked.shopper).toMatchObject({ locked: true, lockedReason: 'chargeback fraud' });
    expect(locked.wallets[0]?.balance).toBe(9_000);

    ok(
      await support.mutation('admin.shoppers.setLocked', { userId: shopper.userId, locked: false }),
    );
    expect(
      (
        await shopper.browser.mutation('account.logIn', {
          email: shopper.email,
          password: PASSWORD,
        })
      ).status,
    ).toBe(200);
    expect((await pay(shopper, 1_000)).status).toBe(200);
    const detail = ok<{
      shopper: { locked: boolean };
      wallets: { balance: number; mode: string }[];
      recentOrders: { status: string }[];
    }>(await support.query('admin.shoppers.get', { userId: shopper.userId }));
    expect(detail.shopper.locked).toBe(false);
    expect(detail.wallets).toMatchObject([{ balance: 8_000, mode: 'test' }]);
    expect(detail.recentOrders.map((o) => o.status)).toEqual([
      'checkout_success',
      'checkout_success',
    ]);
  });

  it('a request already signed in when the lock lands is refused too', async () => {
    const shopper = await paymentShopper(t(), server, 5_000);
    const admin = await signInStaff(t(), server.base, 'admin');
    // The lock is written, and the sessions not yet ended (as if this request were in between).
    await t().database.pool.query('UPDATE users SET locked_at = NOW(3) WHERE id = ?', [
      shopper.userId,
    ]);
    expect(refusalOf(await pay(shopper, 500))).toBe('account_locked');
    ok(await admin.mutation('admin.shoppers.setLocked', { userId: shopper.userId, locked: false }));
  });
});

describe('ledger explorer', () => {
  it('lists accounts and transfers by account, kind and time; stores the invariant check', async () => {
    const finance = await signInStaff(t(), server.base, 'finance');
    const support = await signInStaff(t(), server.base, 'support');
    const accounts = ok<{
      items: { id: string; balance: number; kind: string; ownerName: string | null }[];
    }>(
      await support.query('admin.ledger.accounts', {
        ownerId: merchant.merchantId,
        kind: 'merchant_balance',
      }),
    );
    expect(accounts.items).toHaveLength(1);
    // The owner in words: the merchant's name, not its id.
    const [named] = await t()
      .database.db.select({ business: merchants.businessName, display: merchants.displayName })
      .from(merchants)
      .where(eq(merchants.id, merchant.merchantId));
    expect(accounts.items[0]?.ownerName).toBe(named?.display ?? named?.business);
    expect(accounts.items[0]?.ownerName).not.toBe(merchant.merchantId);
    const account = accounts.items[0];
    const byAccount = ok<{ items: { kind: string; creditAccountId: string }[] }>(
      await support.query('admin.ledger.transfers', { accountId: account?.id, kind: 'payment' }),
    );
    expect(byAccount.items.length).toBeGreaterThan(0);
    expect(
      byAccount.items.every((x) => x.kind === 'payment' && x.creditAccountId === account?.id),
    ).toBe(true);

    const from = new Date();
    const shopper = await paymentShopper(t(), server, 3_000);
    expect((await pay(shopper, 1_200)).status).toBe(200);
    const recent = ok<{ items: { kind: string; amount: number }[] }>(
      await support.query('admin.ledger.transfers', {
        from: from.toISOString(),
        to: new Date().toISOString(),
        sort: { field: 'createdAt', dir: 'asc' },
      }),
    );
    expect(recent.items.map((x) => [x.kind, x.amount]).sort()).toEqual([
      ['deposit', 3_000],
      ['fee', 12],
      ['payment', 1_200],
    ]);
    // Paged one at a time, the same three, in time order.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = ok<{ items: { kind: string }[]; nextCursor: string | null }>(
        await support.query('admin.ledger.transfers', {
          from: from.toISOString(),
          sort: { field: 'createdAt', dir: 'asc' },
          limit: 1,
          ...(cursor ? { cursor } : {}),
        }),
      );
      paged.push(...page.items.map((x) => x.kind));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toHaveLength(3);
    expect(paged[0]).toBe('deposit');

    expect(refusalOf(await support.mutation('admin.ledger.verify'))).toBe('forbidden');
    expect(ok(await support.query('admin.ledger.lastCheck'))).toBeNull();
    const check = ok<{ id: string; ok: boolean; durationMs: number }>(
      await finance.mutation('admin.ledger.verify'),
    );
    expect(check.ok).toBe(true);
    const last = ok<{ id: string; report: { invariants: unknown[] } }>(
      await support.query('admin.ledger.lastCheck'),
    );
    expect(last.id).toBe(check.id);
    expect(last.report.invariants.length).toBeGreaterThan(3);
  });
});

describe('dashboard', () => {
  it('opens in the mode and currency that have payments, offers the enabled currencies, and puts the previous period beside the current one', async () => {
    const db = t().database.db;
    const row = (day: string, metric: string, currency: string, mode: string, value: number) => ({
      day,
      metric,
      currency,
      mode,
      value,
    });
    await db.insert(metricsDaily).values([
      // The period (2025-03-01..07): test payments only, EUR busier than USD.
      row('2025-03-02', 'succeeded', 'EUR', 'test', 2),
      row('2025-03-02', 'volume', 'EUR', 'test', 3_000),
      row('2025-03-04', 'succeeded', 'USD', 'test', 1),
      row('2025-03-04', 'volume', 'USD', 'test', 9_000),
      row('2025-03-05', 'failed', 'EUR', 'test', 1),
      // The previous period (2025-02-22..28): a test payment, and a live one.
      row('2025-02-27', 'succeeded', 'EUR', 'test', 1),
      row('2025-02-27', 'volume', 'EUR', 'test', 500),
      row('2025-02-25', 'succeeded', 'EUR', 'live', 1),
      row('2025-02-25', 'volume', 'EUR', 'live', 800),
    ]);
    const admin = await signInStaff(t(), server.base, 'support');
    type Overview = {
      mode: string;
      currency: string;
      currencies: string[];
      hasPayments: { test: boolean; live: boolean };
      current: { day: string; volume: number; succeeded: number; failed: number }[];
      previous: { day: string; volume: number }[];
      previousFrom: string;
      previousTo: string;
    };
    const period = { from: '2025-03-01', to: '2025-03-07' };
    const opened = ok<Overview>(await admin.query('admin.dashboard.overview', period));
    // Live had nothing in the period: the dashboard opens on test, in its busiest currency.
    expect(opened).toMatchObject({
      mode: 'test',
      currency: 'EUR',
      hasPayments: { test: true, live: false },
      previousFrom: '2025-02-22',
      previousTo: '2025-02-28',
    });
    expect(opened.currencies.slice(0, 2)).toEqual(['EUR', 'USD']);
    expect(opened.current.map((d) => d.day)).toEqual([
      '2025-03-01',
      '2025-03-02',
      '2025-03-03',
      '2025-03-04',
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
    ]);
    expect(opened.current[1]).toMatchObject({ volume: 3_000, succeeded: 2 });
    expect(opened.current[4]).toMatchObject({ failed: 1 });
    expect(opened.previous).toHaveLength(7);
    expect(opened.previous[5]).toMatchObject({ day: '2025-02-27', volume: 500 });

    // Asked for: that mode and currency, whatever has data.
    const live = ok<Overview>(
      await admin.query('admin.dashboard.overview', { ...period, mode: 'live' }),
    );
    expect(live.mode).toBe('live');
    expect(live.current.every((d) => d.volume === 0)).toBe(true);
    expect(live.previous[3]).toMatchObject({ day: '2025-02-25', volume: 800 });
    const usd = ok<Overview>(
      await admin.query('admin.dashboard.overview', { ...period, currency: 'USD' }),
    );
    expect(usd.current[3]).toMatchObject({ volume: 9_000 });

    // With an enabled list in the settings, the select offers exactly it.
    const admin2 = await signInStaff(t(), server.base, 'admin');
    const settings = ok<{ version: number }>(await admin2.query('admin.settings.get'));
    ok(
      await admin2.mutation('admin.settings.update', {
        baseVersion: settings.version,
        enabledCurrencies: ['GBP', 'EUR'],
      }),
    );
    try {
      const enabled = ok<Overview>(await admin.query('admin.dashboard.overview', period));
      expect(enabled.currencies).toEqual(['GBP', 'EUR']);
      expect(enabled.currency).toBe('EUR');
    } finally {
      const now = ok<{ version: number }>(await admin2.query('admin.settings.get'));
      ok(
        await admin2.mutation('admin.settings.update', {
          baseVersion: now.version,
          enabledCurrencies: null,
        }),
      );
    }
    expect(refusalOf(await admin.query('admin.dashboard.overview', { from: 'x', to: 'y' }))).toBe(
      'validation_failed',
    );
  });

  it('keeps daily aggregates from the event stream that match the records, once per event', async () => {
    const shopper = await paymentShopper(t(), server, 20_000);
    for (const amount of [1_000, 2_000, 3_000]) {
      expect((await pay(shopper, amount)).status).toBe(200);
    }
    // A declined payment, as the provider path records one: the order and its event together.
    const declined = await newOrder(700);
    await t().database.db.transaction(async (tx) => {
      await tx
        .update(orders)
        .set({ status: 'error_checkout', finalAt: new Date(), failureCode: 'declined' })
        .where(eq(orders.id, declined.id));
      await outbox.append({
        tx,
        type: 'order.status_changed',
        aggregateId: declined.id,
        payload: {
          orderId: declined.id,
          merchantId: merchant.merchantId,
          mode: 'test',
          from: 'created',
          to: 'error_checkout',
          version: 2,
          amount: 700,
          currency: 'EUR',
          failureCode: 'declined',
        },
      });
    });

    const rows = await t().database.db.select().from(outboxEvents).orderBy(asc(outboxEvents.seq));
    const events: DucatEvent[] = rows.map((r) => ({
      id: r.eventId,
      type: r.type,
      version: r.version,
      aggregateType: r.aggregateType,
      aggregateId: r.aggregateId,
      occurredAt: r.occurredAt.toISOString(),
      payload: r.payload,
    }));
    const db = t().database.db;
    const subscription = metricsDailySubscription();
    const share = events.filter((e) => subscription.types.includes(e.type));
    const deliver = async () => {
      for (const event of share) await consumeEvent({ db, subscription, event });
    };
    // First delivered as one relay batch (summed per day and counter) ...
    expect(await consumeEvents({ db, subscription, events: share })).toBe(share.length);
    const today = new Date().toISOString().slice(0, 10);
    const admin = await signInStaff(t(), server.base, 'admin');
    const daily = () =>
      admin.query('admin.dashboard.daily', {
        from: today,
        to: today,
        currency: 'EUR',
        mode: 'test',
      });
    const [day] = ok<
      {
        day: string;
        volume: number;
        succeeded: number;
        failed: number;
        successRate: number;
        newMerchants: number;
        newShoppers: number;
      }[]
    >(await daily());
    const expected = await computeDailyMetrics({ db, from: today, to: today });
    const sum = (metric: string) =>
      expected
        .filter((d) => d.metric === metric && (d.currency === '' || d.currency === 'EUR'))
        .reduce((a, d) => a + d.value, 0);
    expect(day).toEqual({
      day: today,
      volume: sum('volume'),
      succeeded: sum('succeeded'),
      failed: sum('failed'),
      successRate: sum('succeeded') / (sum('succeeded') + sum('failed')),
      newMerchants: sum('new_merchants'),
      newShoppers: sum('new_shoppers'),
    });
    expect(day?.failed).toBe(1);
    expect(day?.succeeded).toBeGreaterThanOrEqual(3);
    expect(day?.newMerchants).toBe(1);

    // ... then redelivered one by one and as a batch, at once: nothing counts again.
    await Promise.all([deliver(), consumeEvents({ db, subscription, events: share })]);
    expect(ok(await daily())).toEqual([day]);
    // The backfill rebuilds the same figures from the records.
    await backfillMetricsDaily({ db, from: today, to: today });
    expect(ok(await daily())).toEqual([day]);
    // Days without activity are zeros; a too long range is refused.
    const twoDays = await getDailyMetrics({
      db,
      from: '2026-01-01',
      to: '2026-01-02',
      currency: 'EUR',
      mode: 'test',
    });
    expect(twoDays.map((d) => [d.day, d.succeeded, d.successRate])).toEqual([
      ['2026-01-01', 0, null],
      ['2026-01-02', 0, null],
    ]);
    expect(
      refusalOf(
        await admin.query('admin.dashboard.daily', {
          from: '2024-01-01',
          to: '2026-01-01',
          currency: 'EUR',
        }),
      ),
    ).toBe('validation_failed');
  });
});

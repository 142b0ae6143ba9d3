import { and, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MariadbInstance,
  type RedisInstance,
  startOwnMariadb,
  startOwnRedis,
} from '../chaos/instances.js';
import { ledgerTransfers, orders } from '../db/schema/index.js';
import { createRedis } from '../infra/redis.js';
import { createTestEnv, type TestEnv } from './harness.js';
import { Browser, PASSWORD } from './identity.js';
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

/**
 * A lost, paused or restarted Redis, and a killed MariaDB, against this file's own redis-server
 * and mariadbd (own ports and data): requests answer a typed 503 `service_unavailable` with
 * Retry-After within about the Redis command timeout, never a 500 or a hang; nothing is
 * half-written; service resumes by itself once the dependency is back. And with no Redis lock at
 * all (two servers on separate Redis key prefixes), the database alone charges an order once.
 */
let redis: RedisInstance;
let mariadb: MariadbInstance;
let t: TestEnv;
let server: PaymentServer;
let merchant: TestMerchant;

beforeAll(async () => {
  [redis, mariadb] = await Promise.all([startOwnRedis(), startOwnMariadb()]);
  t = await createTestEnv({
    ...PAYMENT_TEST_ENV,
    DATABASE_URL: mariadb.url('ducat_faults'),
    REDIS_URL: redis.url,
  });
  // The faults below make the client report connection errors; the requests' answers are checked.
  t.redis.on('error', () => undefined);
  server = await startPaymentServer(t);
  merchant = await paymentMerchant(t, server.base);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await t?.cleanup().catch(() => undefined);
  await Promise.all([redis?.stop(), mariadb?.stop()]);
});

type Timed = Awaited<ReturnType<TestMerchant['call']>> & { ms: number };

async function timed(call: () => ReturnType<TestMerchant['call']>): Promise<Timed> {
  const started = performance.now();
  const res = await call();
  return { ...res, ms: performance.now() - started };
}

function expectUnavailable(res: Timed, withinMs: number): void {
  expect(res.status).toBe(503);
  expect(res.body.error?.data.code).toBe('service_unavailable');
  expect(res.headers.get('retry-after')).toBe('1');
  expect(res.ms).toBeLessThan(withinMs);
}

async function ordersOf(merchantId: string): Promise<number> {
  return (await t.database.db.select().from(orders).where(eq(orders.merchantId, merchantId)))
    .length;
}

async function untilOk(call: () => Promise<{ status: number }>, ms: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await call().catch(() => ({ status: 0 }));
    if (res.status === 200) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`still ${res.status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Redis paused (SIGSTOP)', () => {
  it('answers orders.create and payWithWallet a typed 503 with Retry-After within 5 s, writes nothing, and serves again on SIGCONT', async () => {
    const shopper = await paymentShopper(t, server, 10_000);
    const created = resultData<{ order: { id: string }; checkout: { token: string } }>(
      await merchant.call('mutation', 'orders.create', orderInput({ amount: 1_000 })),
    );
    const before = await ordersOf(merchant.merchantId);
    redis.pause();
    try {
      // The default command timeout is 2 s; a 10 s pause used to hang every request for 10 s.
      const create = await timed(() => merchant.call('mutation', 'orders.create', orderInput()));
      expectUnavailable(create, 5_000);
      const pay = await timed(
        () =>
          shopper.browser.mutation('checkout.payWithWallet', {
            token: created.checkout.token,
          }) as ReturnType<TestMerchant['call']>,
      );
      expectUnavailable(pay, 5_000);
      const rest = await fetch(`${server.base}/v1/orders`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await merchant.jwt()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(orderInput()),
      });
      expect(rest.status).toBe(503);
      expect(rest.headers.get('retry-after')).toBe('1');
      expect(((await rest.json()) as { error: { code: string } }).error.code).toBe(
        'service_unavailable',
      );
    } finally {
      redis.resume();
    }
    expect(await ordersOf(merchant.merchantId)).toBe(before);
    expect(await balanceOf(t, shopper.walletId)).toBe(10_000);
    await untilOk(() => merchant.call('mutation', 'orders.create', orderInput()), 5_000);
    const paid = await shopper.browser.mutation('checkout.payWithWallet', {
      token: created.checkout.token,
    });
    expect(paid.status).toBe(200);
    expect(await balanceOf(t, shopper.walletId)).toBe(9_000);
  });
});

describe('Redis killed, then replaced by an empty one', () => {
  it('answers a fast typed 503 while it is gone; afterwards orders work again and a shopper only signs in again', async () => {
    const shopper = await paymentShopper(t, server, 5_000);
    await redis.kill();
    try {
      const create = await timed(() => merchant.call('mutation', 'orders.create', orderInput()));
      expectUnavailable(create, 5_000);
      const ready = await fetch(`${server.base}/ready`);
      expect(ready.status).toBe(503);
      const readiness = (await ready.json()) as { checks: { redis: { ok: boolean } } };
      expect(readiness.checks.redis.ok).toBe(false);
    } finally {
      await redis.start();
    }
    const recoveredMs = await untilOk(
      () => merchant.call('mutation', 'orders.create', orderInput()),
      10_000,
    );
    expect(recoveredMs).toBeLessThan(5_000);
    expect((await fetch(`${server.base}/ready`)).status).toBe(200);
    // Sessions lived in the Redis that is gone: the shopper is asked to log in, not shown a 500.
    const created = resultData<{ checkout: { token: string } }>(
      await merchant.call('mutation', 'orders.create', orderInput({ amount: 700 })),
    );
    const anonymous = await shopper.browser.mutation('checkout.payWithWallet', {
      token: created.checkout.token,
    });
    expect(anonymous.status).toBe(401);
    const login = await shopper.browser.mutation('account.logIn', {
      email: shopper.email,
      password: PASSWORD,
    });
    expect(login.status).toBe(200);
    const paid = await shopper.browser.mutation('checkout.payWithWallet', {
      token: created.checkout.token,
    });
    expect(paid.status).toBe(200);
    expect(await balanceOf(t, shopper.walletId)).toBe(4_300);
  });
});

describe('MariaDB killed with kill -9', () => {
  it('makes /ready answer 503 and requests a fast typed 503; after the restart service resumes with no manual step', async () => {
    await mariadb.kill();
    try {
      const ready = await fetch(`${server.base}/ready`);
      expect(ready.status).toBe(503);
      const readiness = (await ready.json()) as {
        checks: { mysql: { ok: boolean }; redis: { ok: boolean } };
      };
      expect(readiness.checks.mysql.ok).toBe(false);
      expect(readiness.checks.redis.ok).toBe(true);
      const create = await timed(() => merchant.call('mutation', 'orders.create', orderInput()));
      expectUnavailable(create, 5_000);
    } finally {
      await mariadb.start();
    }
    await untilOk(() => fetch(`${server.base}/ready`), 20_000);
    await untilOk(() => merchant.call('mutation', 'orders.create', orderInput()), 20_000);
  });
});

describe('no Redis lock at all', () => {
  it('charges an order once when 16 payments of it race through two servers that do not share locks', async () => {
    // A second server on its own Redis key prefix: its order locks never see the first's, so
    // only the database's fences (the order version, the transfer's idempotency key) remain.
    const otherRedis = createRedis({
      url: redis.url,
      keyPrefix: `${t.env.REDIS_KEY_PREFIX}other:`,
    }) as Redis;
    const other = await startPaymentServer({ ...t, redis: otherRedis });
    try {
      const shopper = await paymentShopper(t, server, 10_000);
      const created = resultData<{ order: { id: string }; checkout: { token: string } }>(
        await merchant.call('mutation', 'orders.create', orderInput({ amount: 2_500 })),
      );
      // The same shopper signs in on each server (each keeps its sessions under its prefix).
      const second = new Browser(other.base);
      const login = await second.mutation('account.logIn', {
        email: shopper.email,
        password: PASSWORD,
      });
      expect(login.status).toBe(200);
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          (i % 2 === 0 ? shopper.browser : second)
            .mutation('checkout.payWithWallet', { token: created.checkout.token })
            .then((r) => r.status),
        ),
      );
      expect(results.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
      expect(results.every((s) => s < 500)).toBe(true);
      expect(await balanceOf(t, shopper.walletId)).toBe(7_500);
      const charges = await t.database.db
        .select()
        .from(ledgerTransfers)
        .where(
          and(eq(ledgerTransfers.reference, created.order.id), eq(ledgerTransfers.kind, 'payment')),
        );
      expect(charges).toHaveLength(1);
      const [order] = await t.database.db
        .select()
        .from(orders)
        .where(eq(orders.id, created.order.id));
      expect(order?.status).toBe('checkout_success');
    } finally {
      await other.stop();
      otherRedis.disconnect();
    }
  });
});

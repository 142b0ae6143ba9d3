import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerTransfers, orders } from '../db/schema/index.js';
import { verifyLedger } from '../domains/ledger/index.js';
import { checkStuck } from '../jobs/check-stuck.js';
import { type ServerProcess, startServerProcess, useTestEnv } from './harness.js';
import {
  balanceOf,
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  startPaymentServer,
  type TestShopper,
} from './payments.js';

const t = useTestEnv({ ...PAYMENT_TEST_ENV, ORDER_LOCK_TTL_MS: '1000' });
let helper: PaymentServer;

type Child = ServerProcess;

/** The real server as its own process on this file's database and Redis prefix. */
function startChild(): Promise<Child> {
  return startServerProcess(
    {
      ...PAYMENT_TEST_ENV,
      DATABASE_URL: t().env.DATABASE_URL,
      REDIS_KEY_PREFIX: t().env.REDIS_KEY_PREFIX,
      ORDER_LOCK_TTL_MS: '1000',
    },
    { timeoutMs: 30_000 },
  );
}

beforeAll(async () => {
  helper = await startPaymentServer(t());
  helper.services.config.lockTtlMs = 1_000;
});

afterAll(async () => {
  await helper.stop();
});

describe('a server killed in the middle of checkouts', () => {
  it('leaves orders and the ledger in agreement after restart: every order paid exactly once', async () => {
    for (let round = 0; round < 2; round++) {
      let server = await startChild();
      const merchant = await paymentMerchant(t(), server.base, { feeBps: 150 });
      const count = 24;
      const shoppers: TestShopper[] = [];
      const tokens: string[] = [];
      const orderIds: string[] = [];
      for (let i = 0; i < count; i++) {
        shoppers.push(await paymentShopper(t(), helper, 10_000, 'EUR', server.base));
        const created = await merchant.call(
          'mutation',
          'orders.create',
          orderInput({ amount: 1_000 + i }),
        );
        const data = created.body.result?.data as {
          order: { id: string };
          checkout: { token: string };
        };
        orderIds.push(data.order.id);
        tokens.push(data.checkout.token);
      }
      const payments = shoppers.map((s, i) =>
        s.browser
          .mutation('checkout.payWithWallet', { token: tokens[i] })
          .then((r) => r.status)
          .catch(() => 'killed'),
      );
      // Kill once payments have started to reach the ledger, while others are in flight.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const moved = await t()
          .database.db.select({ id: ledgerTransfers.id })
          .from(ledgerTransfers)
          .where(inArray(ledgerTransfers.reference, orderIds))
          .limit(1);
        if (moved.length > 0 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 15)));
      server.child.kill('SIGKILL');
      await server.exited;
      await Promise.all(payments);

      // Restart; let the dead process's order locks lapse; run the stuck checker as if later.
      server = await startChild();
      await new Promise((r) => setTimeout(r, 1_100));
      await checkStuck({
        services: helper.services,
        now: new Date(Date.now() + 31_000),
      });
      // Shoppers whose payment never happened pay again; nobody may be charged twice.
      for (let i = 0; i < count; i++) {
        const shopper = shoppers[i] as TestShopper;
        shopper.browser = Object.assign(shopper.browser, { base: server.base });
        const [row] = await t()
          .database.db.select()
          .from(orders)
          .where(eq(orders.id, orderIds[i] as string));
        if (row?.status === 'created') {
          // A shopper retries until answered; a 5xx is retried like a browser would (seen once in
          // CI right after the restart, not reproduced since: its server log line is printed so
          // the next occurrence can be diagnosed). Exactly-once is asserted below regardless.
          let retry = await shopper.browser.mutation('checkout.payWithWallet', {
            token: tokens[i],
          });
          for (let attempt = 0; retry.status >= 500 && attempt < 3; attempt++) {
            process.stderr.write(
              `crash test: retry answered ${retry.status}; server errors:\n${server
                .output()
                .split('\n')
                .filter((l) => l.includes('"level":50'))
                .slice(-3)
                .join('\n')}\n`,
            );
            await new Promise((r) => setTimeout(r, 500));
            retry = await shopper.browser.mutation('checkout.payWithWallet', { token: tokens[i] });
          }
          expect(retry.status, JSON.stringify(retry.body)).toBe(200);
        }
      }
      for (let i = 0; i < count; i++) {
        const orderId = orderIds[i] as string;
        const [row] = await t().database.db.select().from(orders).where(eq(orders.id, orderId));
        expect(row?.status).toBe('checkout_success');
        const paid = await t()
          .database.db.select()
          .from(ledgerTransfers)
          .where(and(eq(ledgerTransfers.reference, orderId), eq(ledgerTransfers.kind, 'payment')));
        expect(paid).toHaveLength(1);
        expect(row?.transferId).toBe(paid[0]?.id);
        expect(await balanceOf(t(), (shoppers[i] as TestShopper).walletId)).toBe(
          10_000 - (1_000 + i),
        );
      }
      const report = await verifyLedger({ pool: t().database.pool });
      expect(report.ok, JSON.stringify(report.invariants)).toBe(true);
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});

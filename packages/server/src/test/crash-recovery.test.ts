import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys, ledgerAccounts, ledgerTransfers, orders } from '../db/schema/index.js';
import { type ServerProcess, startServerProcess, useTestEnv } from './harness.js';
import {
  balanceOf,
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  resultData,
  startPaymentServer,
} from './payments.js';

/**
 * Recovery time after a crash: a server killed (SIGKILL) in the middle of a wallet payment holds
 * the order's lock and the Idempotency-Key's claim; both are short leases its process renewed
 * while alive, so after a restart the shopper's retry with the same key completes within
 * seconds, and the order is charged once. The child runs with the default lease settings.
 */
const t = useTestEnv(PAYMENT_TEST_ENV);
let helper: PaymentServer;

type Child = ServerProcess;

/** The real server as its own process on this file's database and Redis prefix. */
function startChild(): Promise<Child> {
  return startServerProcess({
    ...PAYMENT_TEST_ENV,
    DATABASE_URL: t().env.DATABASE_URL,
    REDIS_KEY_PREFIX: t().env.REDIS_KEY_PREFIX,
  });
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  helper = await startPaymentServer(t());
});

afterAll(async () => {
  await helper.stop();
});

describe('a server killed mid-payment', () => {
  it('lets the retry with the same Idempotency-Key complete within 10 s of the restart, charged once', async () => {
    let server = await startChild();
    try {
      const merchant = await paymentMerchant(t(), server.base);
      const shopper = await paymentShopper(t(), helper, 10_000, 'EUR', server.base);
      const created = resultData<{ order: { id: string }; checkout: { token: string } }>(
        await merchant.call('mutation', 'orders.create', orderInput({ amount: 2_500 })),
      );
      const orderId = created.order.id;
      const key = `pay-${orderId}`;

      // Hold the shopper's wallet row, so the child's ledger write waits mid-payment: by then it
      // holds the order's lock and the key's claim.
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let held: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => {
        held = resolve;
      });
      const hold = t().database.db.transaction(async (tx) => {
        await tx
          .select()
          .from(ledgerAccounts)
          .where(eq(ledgerAccounts.id, shopper.walletId))
          .for('update');
        held();
        await released;
      });
      await holding;

      const paying = shopper.browser
        .mutation(
          'checkout.payWithWallet',
          { token: created.checkout.token },
          { 'idempotency-key': key },
        )
        .catch(() => 'killed');
      await until(
        async () =>
          t().database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)),
        (rows) => rows[0]?.status === 'in_flight',
        10_000,
      );
      await until(
        () => t().redis.exists(`lock:order:${orderId}`),
        (n) => n === 1,
        10_000,
      );
      // Let the payment reach the ledger's lock wait.
      await new Promise((r) => setTimeout(r, 300));
      server.child.kill('SIGKILL');
      await server.exited;
      await paying;
      release();
      await hold;

      server = await startChild();
      const restarted = Date.now();
      shopper.browser = Object.assign(shopper.browser, { base: server.base });
      let answer = await shopper.browser.mutation(
        'checkout.payWithWallet',
        { token: created.checkout.token },
        { 'idempotency-key': key },
      );
      const refusals: string[] = [];
      while (answer.status !== 200 && Date.now() - restarted < 15_000) {
        refusals.push(String(answer.body.error?.data.code));
        await new Promise((r) => setTimeout(r, 250));
        answer = await shopper.browser.mutation(
          'checkout.payWithWallet',
          { token: created.checkout.token },
          { 'idempotency-key': key },
        );
      }
      const took = Date.now() - restarted;
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(took, `refused meanwhile: ${refusals.join(',')}`).toBeLessThan(10_000);
      // Only "not yet" answers while the dead holder's leases ran out, never another outcome.
      expect(refusals.every((c) => c === 'idempotency_key_in_use' || c === 'order_busy')).toBe(
        true,
      );
      expect(resultData<{ status: string }>(answer).status).toBe('checkout_success');

      // Charged once: one payment transfer, the wallet down by the amount once.
      const [row] = await t().database.db.select().from(orders).where(eq(orders.id, orderId));
      expect(row?.status).toBe('checkout_success');
      const payments = await t()
        .database.db.select()
        .from(ledgerTransfers)
        .where(and(eq(ledgerTransfers.reference, orderId), eq(ledgerTransfers.kind, 'payment')));
      expect(payments).toHaveLength(1);
      expect(await balanceOf(t(), shopper.walletId)).toBe(7_500);
      // The same key again is the same answer.
      const replay = await shopper.browser.mutation(
        'checkout.payWithWallet',
        { token: created.checkout.token },
        { 'idempotency-key': key },
      );
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await balanceOf(t(), shopper.walletId)).toBe(7_500);
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }, 120_000);
});

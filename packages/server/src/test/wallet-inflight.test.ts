import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../db/schema/index.js';
import { payKey } from '../domains/checkout/expire-order.js';
import { payWithWallet } from '../domains/checkout/pay-with-wallet.js';
import { INFLIGHT_KEY } from '../domains/checkout/recover-wallet-payment.js';
import { createTransfer } from '../domains/ledger/index.js';
import { createOrder } from '../domains/orders/create-order.js';
import { ZCreateOrderInput } from '../domains/orders/schemas.js';
import { isAppError } from '../errors.js';
import { checkStuck } from '../jobs/check-stuck.js';
import { useTestEnv } from './harness.js';
import { createMerchant, issueApiKey } from './identity.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentShopper,
  startPaymentServer,
  type TestShopper,
} from './payments.js';

/** The Redis set of wallet payments in flight stays bounded: refusals leave nothing behind. */
const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let merchantId: string;
let credentialId: string;
let shopper: TestShopper;

async function newOrder(amount = 1_000) {
  return createOrder({
    services: server.services,
    caller: { merchantId, mode: 'test', credentialId },
    input: ZCreateOrderInput.parse(orderInput({ amount })),
    transaction: (run) => t().database.db.transaction(run),
  });
}

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

beforeAll(async () => {
  server = await startPaymentServer(t());
  ({ merchantId } = await createMerchant(t()));
  ({ credentialId } = await issueApiKey(t(), { merchantId }));
  // 50 in the wallet: every 1,000 order is refused for insufficient funds.
  shopper = await paymentShopper(t(), server, 50);
});

afterAll(async () => {
  await server.stop();
});

describe('payments in flight', () => {
  it('1,000 wallet payments refused for insufficient funds leave the in-flight set empty', async () => {
    const created = await Promise.all(Array.from({ length: 1_000 }, () => newOrder()));
    let refused = 0;
    await pool(created, 8, async ({ checkout }) => {
      const error = await payWithWallet({
        services: server.services,
        token: checkout.token,
        shopperId: shopper.userId,
        ip: '127.0.0.1',
      }).catch((e: unknown) => e);
      if (isAppError(error) && error.code === 'insufficient_funds') refused++;
    });
    expect(refused).toBe(1_000);
    expect(await server.services.redis.zcard(INFLIGHT_KEY)).toBe(0);
  }, 120_000);

  it('the stuck checker drains a backlog of 1,000 in one pass, recovering the paid ones', async () => {
    const created = await Promise.all(Array.from({ length: 1_000 }, () => newOrder(10)));
    const old = Date.now() - 120_000;
    await server.services.redis.zadd(
      INFLIGHT_KEY,
      ...created.flatMap(({ order }) => [old, order.id]),
    );
    // Three of them died after the ledger took the money and before the order recorded it.
    const paid = created.slice(0, 3).map(({ order }) => order.id);
    const [wallet, merchant] = await Promise.all([
      server.services.accounts.wallet(shopper.userId, 'EUR', 'test'),
      server.services.accounts.merchantBalance(merchantId, 'EUR', 'test'),
    ]);
    for (const orderId of paid) {
      await createTransfer({
        writer: server.writer,
        idempotencyKey: payKey(orderId),
        debitAccountId: wallet,
        creditAccountId: merchant,
        amount: 10,
        currency: 'EUR',
        kind: 'payment',
        reference: orderId,
      });
    }
    const report = await checkStuck({ services: server.services });
    expect(report.recovered).toBe(3);
    expect(await server.services.redis.zcard(INFLIGHT_KEY)).toBe(0);
    for (const orderId of paid) {
      const [row] = await t().database.db.select().from(orders).where(eq(orders.id, orderId));
      expect(row?.status).toBe('checkout_success');
    }
    const [untouched] = await t()
      .database.db.select()
      .from(orders)
      .where(eq(orders.id, created[999]?.order.id ?? ''));
    expect(untouched?.status).toBe('created');
  }, 120_000);

  it('completes a paid order whose in-flight mark Redis lost (replaced by an empty one), from the ledger alone', async () => {
    const { order } = await newOrder(10);
    const [wallet, merchant] = await Promise.all([
      server.services.accounts.wallet(shopper.userId, 'EUR', 'test'),
      server.services.accounts.merchantBalance(merchantId, 'EUR', 'test'),
    ]);
    // The ledger took the money, the process died, and its mark went with the old Redis.
    await createTransfer({
      writer: server.writer,
      idempotencyKey: payKey(order.id),
      debitAccountId: wallet,
      creditAccountId: merchant,
      amount: 10,
      currency: 'EUR',
      kind: 'payment',
      reference: order.id,
    });
    expect(await server.services.redis.zscore(INFLIGHT_KEY, order.id)).toBeNull();
    // Not yet: a payment this fresh may still be recording its outcome.
    expect((await checkStuck({ services: server.services })).recovered).toBe(0);
    const later = new Date(Date.now() + 60_000);
    const report = await checkStuck({ services: server.services, now: later });
    expect(report.recovered).toBe(1);
    const [row] = await t().database.db.select().from(orders).where(eq(orders.id, order.id));
    expect(row?.status).toBe('checkout_success');
    expect(row?.capturedAmount).toBe(10);
  });
});

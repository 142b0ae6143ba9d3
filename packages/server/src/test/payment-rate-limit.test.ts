import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv } from './harness.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  startPaymentServer,
  type TestMerchant,
} from './payments.js';

// Three payment requests a minute, per address and per shopper.
const t = useTestEnv({ ...PAYMENT_TEST_ENV, RATE_LIMIT_PAYMENT: '3/60' });
let server: PaymentServer;
let merchant: TestMerchant;

beforeAll(async () => {
  server = await startPaymentServer(t());
  merchant = await paymentMerchant(t(), server.base);
});

afterAll(async () => {
  await server.stop();
});

async function newToken(): Promise<string> {
  const res = await merchant.call('mutation', 'orders.create', orderInput({ amount: 100 }));
  return ((res.body.result?.data ?? {}) as { checkout: { token: string } }).checkout.token;
}

describe('payment rate limit', () => {
  it('holds one shopper to the limit however many addresses it pays from', async () => {
    const shopper = await paymentShopper(t(), server, 10_000);
    const other = await paymentShopper(t(), server, 10_000);
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      // A new address each time: the per-address limit alone would never trip.
      shopper.browser.headers['x-forwarded-for'] = `203.0.113.${10 + i}`;
      const res = await shopper.browser.mutation('checkout.payWithWallet', {
        token: await newToken(),
      });
      codes.push(
        res.body.error?.data.code ?? ((res.body.result?.data ?? {}) as { status?: string }).status,
      );
      if (i === 3) {
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
    }
    expect(codes).toEqual([
      'checkout_success',
      'checkout_success',
      'checkout_success',
      'rate_limited',
    ]);
    // Only three payments moved money.
    const wallet = await server.services.accounts.wallet(shopper.userId, 'EUR', 'test');
    const [row] = await t().database.pool.query(
      'SELECT balance FROM ledger_accounts WHERE id = ?',
      [wallet],
    );
    expect(Number((row as { balance: number }[])[0]?.balance)).toBe(10_000 - 300);

    // Another shopper from the last address is still served: the address has one payment on it.
    other.browser.headers['x-forwarded-for'] = '203.0.113.13';
    const res = await other.browser.mutation('checkout.payWithWallet', { token: await newToken() });
    expect((res.body.result?.data as { status: string } | undefined)?.status).toBe(
      'checkout_success',
    );
  });
});

import { ISO_CURRENCIES, isIsoCurrency, minorUnits } from '@ducat/currencies';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, payouts, providerPayments, withdrawals } from '../db/schema/index.js';
import { useTestEnv } from './harness.js';
import type { Browser } from './identity.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  type TestMerchant,
} from './payments.js';
import { ok, signInStaff, startSandboxPaymentServer } from './portal.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let merchant: TestMerchant;
let stopServer: () => Promise<void>;
let admin: Browser;

beforeAll(async () => {
  const started = await startSandboxPaymentServer(t());
  server = started.server;
  stopServer = started.stop;
  merchant = await paymentMerchant(t(), server.base);
  admin = await signInStaff(t(), server.base, 'admin');
});

afterAll(async () => {
  await stopServer();
});

async function rowCounts() {
  const db = t().database.db;
  const [o] = await db.select({ n: count() }).from(orders);
  const [p] = await db.select({ n: count() }).from(payouts);
  const [w] = await db.select({ n: count() }).from(withdrawals);
  const [d] = await db.select({ n: count() }).from(providerPayments);
  return { orders: o?.n, payouts: p?.n, withdrawals: w?.n, providerPayments: d?.n };
}

async function enable(currencies: string[] | null) {
  const settings = ok<{ version: number }>(await admin.query('admin.settings.get'));
  return admin.mutation('admin.settings.update', {
    baseVersion: settings.version,
    enabledCurrencies: currencies,
  });
}

describe('the ISO 4217 table', () => {
  it('knows each currency with its minor-unit exponent and nothing else', () => {
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('EUR')).toBe(2);
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('BHD')).toBe(3);
    expect(minorUnits('CLF')).toBe(4);
    for (const code of ['ZZZ', 'BTC', 'eur', 'XAU', 'XTS', '', 'toString', '__proto__']) {
      expect(isIsoCurrency(code)).toBe(false);
    }
    expect(Object.keys(ISO_CURRENCIES).length).toBeGreaterThan(150);
    for (const code of Object.keys(ISO_CURRENCIES)) expect(code).toMatch(/^[A-Z]{3}$/);
  });
});

describe('unknown and disabled currencies', () => {
  it('an order in a code that is not ISO 4217 is refused with 400 currency_unsupported, nothing written', async () => {
    const before = await rowCounts();
    for (const currency of ['ZZZ', 'BTC']) {
      const res = await merchant.call('mutation', 'orders.create', orderInput({ currency }));
      expect(res.status).toBe(400);
      expect(res.body.error?.data).toMatchObject({
        code: 'currency_unsupported',
        field: 'currency',
      });
    }
    expect(await rowCounts()).toEqual(before);
    // Every ISO currency is enabled while the setting is unset: JPY, KWD go through.
    for (const currency of ['JPY', 'KWD']) {
      const res = await merchant.call('mutation', 'orders.create', orderInput({ currency }));
      expect(res.status).toBe(200);
    }
  });

  it('the platform setting decides which currencies are enabled, on every money path', async () => {
    const shopper = await paymentShopper(t(), server, 10_000, 'USD');
    expect((await enable(['EUR', 'JPY', 'EUR'])).status).toBe(200);
    const settings = ok<{ enabledCurrencies: string[] }>(await admin.query('admin.settings.get'));
    expect(settings.enabledCurrencies).toEqual(['EUR', 'JPY']);
    const before = await rowCounts();

    const order = await merchant.call('mutation', 'orders.create', orderInput({ currency: 'USD' }));
    expect(order.status).toBe(400);
    expect(order.body.error?.data).toMatchObject({
      code: 'currency_unsupported',
      details: { enabledCurrencies: ['EUR', 'JPY'] },
    });
    const payout = await merchant.call('mutation', 'payouts.create', {
      amount: 1_000,
      currency: 'USD',
    });
    expect(payout.body.error?.data.code).toBe('currency_unsupported');
    const withdrawal = await shopper.browser.mutation('wallet.withdraw', {
      amount: 1_000,
      currency: 'USD',
      destination: { iban: 'DE89370400440532013000' },
    });
    expect(withdrawal.body.error?.data.code).toBe('currency_unsupported');
    const deposit = await shopper.browser.mutation('wallet.deposit', {
      cardId: 'card_doesnotmatter',
      amount: 1_000,
      currency: 'USD',
    });
    expect(deposit.body.error?.data.code).toBe('currency_unsupported');
    expect(await rowCounts()).toEqual(before);
    expect(
      await t()
        .database.db.select({ n: count() })
        .from(withdrawals)
        .where(eq(withdrawals.currency, 'USD')),
    ).toEqual([{ n: 0 }]);

    // An enabled one goes through.
    const eur = await merchant.call('mutation', 'orders.create', orderInput({ currency: 'EUR' }));
    expect(eur.status).toBe(200);

    // Back to every ISO currency.
    expect((await enable(null)).status).toBe(200);
    const usd = await merchant.call('mutation', 'orders.create', orderInput({ currency: 'USD' }));
    expect(usd.status).toBe(200);
  });

  it('only ISO 4217 codes can be enabled', async () => {
    const res = await enable(['EUR', 'BTC']);
    expect(res.status).toBe(400);
    expect(res.body.error?.data).toMatchObject({
      code: 'currency_unsupported',
      field: 'enabledCurrencies',
    });
    const settings = ok<{ enabledCurrencies: string[] | null }>(
      await admin.query('admin.settings.get'),
    );
    expect(settings.enabledCurrencies).toBeNull();
  });
});

import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ipnDeliveries,
  ledgerTransfers,
  merchants,
  orderExceptions,
  orders,
  outboxEvents,
  providerPayments,
} from '../db/schema/index.js';
import { handleProviderNotification } from '../domains/checkout/handle-provider-notification.js';
import { settleProviderPayment } from '../domains/checkout/settle-provider-payment.js';
import { createProviderRegistry } from '../domains/providers/registry.js';
import { checkStuck } from '../jobs/check-stuck.js';
import { sweepExpiredOrders } from '../jobs/expire-orders.js';
import { createSandboxProvider, type SandboxProvider } from '../sandbox/create-sandbox-provider.js';
import { useTestEnv } from './harness.js';
import { Browser, identityFor } from './identity.js';
import {
  balanceOf,
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  resultData,
  startPaymentServer,
  submitSandboxCard,
  type TestMerchant,
  waitUntil,
} from './payments.js';

/**
 * A failed payment attempt (a declined card) does not end the order: it is recorded, the
 * merchant hears of it (`order.payment_failed`), and the shopper may try again with another
 * card or the wallet, until the merchant's limit of failed attempts ends it as `error_checkout`.
 */
const t = useTestEnv(PAYMENT_TEST_ENV);
const SECRET = 'sandbox-provider-test-secret';
const LATE_MS = 1_500;
/** The adapter gives up on a silent provider after this long (its default is 10 s). */
const PROVIDER_TIMEOUT_MS = 800;
let sandbox: SandboxProvider;
let server: PaymentServer;

const CARDS = {
  success: '4242424242424242',
  decline: '4000000000000002',
  late: '4000000000000028',
};

type View = {
  status: string;
  redirectUrl: string | null;
  attempts?: { failed: number; left: number; lastFailureCode: string | null };
};

async function newOrder(m: TestMerchant, amount = 2_000) {
  const created = await m.call('mutation', 'orders.create', orderInput({ amount }));
  const { order, checkout } = resultData<{ order: { id: string }; checkout: { token: string } }>(
    created,
  );
  return { orderId: order.id, token: checkout.token };
}

/** One attempt by card on the sandbox's page; answers the payment's id. */
async function attempt(browser: Browser, token: string, card: string): Promise<string> {
  const started = await browser.mutation('checkout.payWithProvider', {
    token,
    provider: 'sandbox',
  });
  const { redirectUrl, paymentId } = resultData<{ redirectUrl: string; paymentId: string }>(
    started,
  );
  expect((await submitSandboxCard(redirectUrl, card)).status).toBe(303);
  return paymentId;
}

async function paymentStatus(paymentId: string) {
  const settled = await waitUntil(
    async () => {
      const [p] = await t()
        .database.db.select()
        .from(providerPayments)
        .where(eq(providerPayments.id, paymentId));
      return p;
    },
    (p) => p !== undefined && p.status !== 'created',
  );
  if (!settled) throw new Error('no payment');
  return settled;
}

async function orderRow(orderId: string) {
  const [row] = await t().database.db.select().from(orders).where(eq(orders.id, orderId));
  if (!row) throw new Error('no order');
  return row;
}

async function ipnTypes(orderId: string): Promise<string[]> {
  const rows = await t()
    .database.db.select()
    .from(ipnDeliveries)
    .where(eq(ipnDeliveries.orderId, orderId))
    .orderBy(asc(ipnDeliveries.seq));
  return rows.map((r) => r.type);
}

async function failedEvents(orderId: string) {
  const rows = await t()
    .database.db.select()
    .from(outboxEvents)
    .where(
      and(eq(outboxEvents.aggregateId, orderId), eq(outboxEvents.type, 'order.payment_failed')),
    )
    .orderBy(asc(outboxEvents.seq));
  return rows.map((r) => r.payload as Record<string, unknown>);
}

async function withLimit(m: TestMerchant, maxFailedAttempts: number) {
  await t()
    .database.db.update(merchants)
    .set({ maxFailedAttempts })
    .where(eq(merchants.id, m.merchantId));
  await identityFor(t()).merchants.invalidate(m.merchantId);
  await server.services.merchants.invalidate(m.merchantId);
}

/** Arms the sandbox's simulated outage of POST /v1/payments for this amount (over its API). */
async function armFault(fault: 'error' | 'timeout', amount: number, times = 1): Promise<void> {
  const response = await fetch(`${sandbox.url}/v1/faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ operation: 'create_payment', fault, amount, times }),
  });
  expect(response.status).toBe(200);
}

type Started = {
  redirectUrl: string | null;
  paymentId: string | null;
  failureCode: string | null;
  view: View;
};

async function start(browser: Browser, token: string): Promise<Started> {
  return resultData<Started>(
    await browser.mutation('checkout.payWithProvider', { token, provider: 'sandbox' }),
  );
}

/** The payment the sandbox holds under our payment id (created even when its answer was lost). */
function sandboxPaymentOf(paymentId: string) {
  const ref = sandbox.state.paymentsById.get(paymentId);
  const payment = ref ? sandbox.state.payments.get(ref) : undefined;
  if (!payment) throw new Error(`the sandbox has no payment ${paymentId}`);
  return payment;
}

async function exceptionsOf(orderId: string) {
  return t().database.db.select().from(orderExceptions).where(eq(orderExceptions.orderId, orderId));
}

beforeAll(async () => {
  sandbox = createSandboxProvider({
    secret: SECRET,
    logger: t().logger,
    lateDelayMs: LATE_MS,
    notifyRetryDelaysMs: [200, 500, 1_000, 2_000],
    faultHoldMs: 3_000,
  });
  await sandbox.listen(0, '127.0.0.1');
  server = await startPaymentServer(t(), {
    providers: createProviderRegistry({
      sandbox: { baseUrl: () => sandbox.url, secret: SECRET, timeoutMs: PROVIDER_TIMEOUT_MS },
    }),
    onNotification: handleProviderNotification,
  });
  server.services.config.apiUrl = server.base;
});

afterAll(async () => {
  await sandbox.close();
  await server.stop();
});

describe('failed payment attempts', () => {
  it('a declined card leaves the order payable; another card then pays it', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop, 2_500);
    const guest = new Browser(server.base);
    const declined = await attempt(guest, token, CARDS.decline);
    expect(await paymentStatus(declined)).toMatchObject({
      status: 'failed',
      failureCode: 'card_declined',
    });
    const open = resultData<View>(await guest.query('checkout.open', { token }));
    expect(open.status).toBe('created');
    expect(await orderRow(orderId)).toMatchObject({
      status: 'created',
      failureCode: 'card_declined',
    });
    expect(await failedEvents(orderId)).toEqual([
      expect.objectContaining({
        paymentId: declined,
        provider: 'sandbox',
        failureCode: 'card_declined',
        attempt: 1,
        maxFailedAttempts: 5,
        final: false,
      }),
    ]);

    await attempt(guest, token, CARDS.success);
    const paid = await waitUntil(
      () => orderRow(orderId),
      (r) => r.status !== 'created',
    );
    expect(paid.status).toBe('checkout_success');
    const account = await server.services.accounts.merchantBalance(shop.merchantId, 'EUR', 'test');
    expect(await balanceOf(t(), account)).toBe(2_500);
    expect(await ipnTypes(orderId)).toEqual(['order.payment_failed', 'order.checkout_success']);
  });

  it('a declined card, then the wallet pays the order', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop, 1_200);
    const shopper = await paymentShopper(t(), server, 5_000);
    const declined = await attempt(shopper.browser, token, CARDS.decline);
    expect((await paymentStatus(declined)).status).toBe('failed');
    const paid = await shopper.browser.mutation('checkout.payWithWallet', { token });
    expect(resultData<View>(paid).status).toBe('checkout_success');
    expect(await balanceOf(t(), shopper.walletId)).toBe(3_800);
    const payments = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(and(eq(ledgerTransfers.reference, orderId), eq(ledgerTransfers.kind, 'payment')));
    expect(payments).toHaveLength(1);
    expect(await ipnTypes(orderId)).toEqual(['order.payment_failed', 'order.checkout_success']);
    // The recorded decline stays visible on the payment, not on the order's outcome.
    expect((await orderRow(orderId)).paymentMethod).toBe('wallet');
  });

  it("the merchant's limit of declines ends the order as error_checkout, with its IPN once", async () => {
    const shop = await paymentMerchant(t(), server.base);
    await withLimit(shop, 3);
    const { orderId, token } = await newOrder(shop);
    const guest = new Browser(server.base);
    for (let n = 1; n <= 3; n += 1) {
      const paymentId = await attempt(guest, token, CARDS.decline);
      expect((await paymentStatus(paymentId)).status).toBe('failed');
      const row = await orderRow(orderId);
      expect(row.status).toBe(n < 3 ? 'created' : 'error_checkout');
    }
    expect(await orderRow(orderId)).toMatchObject({
      status: 'error_checkout',
      failureCode: 'card_declined',
      paymentMethod: 'provider',
    });
    expect((await failedEvents(orderId)).map((e) => [e.attempt, e.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    // Duplicate notifications of the last decline (the sandbox retries) change nothing.
    await new Promise((r) => setTimeout(r, 500));
    expect(await ipnTypes(orderId)).toEqual([
      'order.payment_failed',
      'order.payment_failed',
      'order.payment_failed',
      'order.error_checkout',
    ]);
    // A fourth try finds the order final: no provider page, the signed return URL.
    const again = await guest.mutation('checkout.payWithProvider', { token, provider: 'sandbox' });
    const answer = resultData<{ redirectUrl: string | null; view: View }>(again);
    expect(answer.redirectUrl).toBeNull();
    expect(answer.view.status).toBe('error_checkout');
    expect(answer.view.redirectUrl).toContain('signature=');
  });

  it('an order with declines still times out at expiry, and the stuck checker leaves it alone', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop);
    const guest = new Browser(server.base);
    const declined = await attempt(guest, token, CARDS.decline);
    expect((await paymentStatus(declined)).status).toBe('failed');
    await t()
      .database.db.update(orders)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(orders.id, orderId));
    await sweepExpiredOrders({ services: server.services });
    expect(await orderRow(orderId)).toMatchObject({ status: 'timeout' });
    expect(await ipnTypes(orderId)).toEqual(['order.payment_failed', 'order.timeout']);
    const later = new Date(Date.now() + server.services.config.providerNoAnswerMs + 1_000);
    await checkStuck({ services: server.services, now: later });
    const [payment] = await t()
      .database.db.select()
      .from(providerPayments)
      .where(eq(providerPayments.id, declined));
    // A settled (failed) payment is no stuck payment.
    expect(payment?.flaggedAt).toBeNull();
  });

  it('a success arriving after the timeout of an order with declines is exception_checkout', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop, 4_000);
    const guest = new Browser(server.base);
    const declined = await attempt(guest, token, CARDS.decline);
    expect((await paymentStatus(declined)).status).toBe('failed');
    await attempt(guest, token, CARDS.late);
    await t()
      .database.db.update(orders)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(orders.id, orderId));
    await sweepExpiredOrders({ services: server.services });
    const row = await waitUntil(
      () => orderRow(orderId),
      (r) => r.status === 'exception_checkout',
      LATE_MS + 10_000,
    );
    expect(row.failureCode).toBe('late_success');
    const account = await server.services.accounts.merchantBalance(shop.merchantId, 'EUR', 'test');
    expect(await balanceOf(t(), account)).toBe(0);
    expect(await ipnTypes(orderId)).toEqual([
      'order.payment_failed',
      'order.timeout',
      'order.exception_checkout',
    ]);
  });
});

describe('failed attempts arriving at once', () => {
  it('the same decline answered twice at the same moment counts once', async () => {
    const shop = await paymentMerchant(t(), server.base);
    await withLimit(shop, 1);
    const { orderId, token } = await newOrder(shop);
    const started = await new Browser(server.base).mutation('checkout.payWithProvider', {
      token,
      provider: 'sandbox',
    });
    const { paymentId } = resultData<{ paymentId: string }>(started);
    const [payment] = await t()
      .database.db.select()
      .from(providerPayments)
      .where(eq(providerPayments.id, paymentId));
    const outcome = {
      paymentId,
      providerRef: payment?.providerRef ?? '',
      status: 'failed' as const,
      amount: 2_000,
      currency: 'EUR',
      failureCode: 'card_declined',
    };
    // Two deliveries (a notification and a status query, say): one applies, the other finds it
    // settled or the order busy (and is retried later, to find it settled).
    const results = await Promise.allSettled([
      settleProviderPayment({ services: server.services, outcome }),
      settleProviderPayment({ services: server.services, outcome }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === 'applied')).toHaveLength(
      1,
    );
    expect(await settleProviderPayment({ services: server.services, outcome })).toBe('duplicate');
    expect((await orderRow(orderId)).status).toBe('error_checkout');
    expect((await failedEvents(orderId)).map((e) => e.attempt)).toEqual([1]);
    expect(await ipnTypes(orderId)).toEqual(['order.payment_failed', 'order.error_checkout']);
  });
});

describe('the shopper gives up', () => {
  it('cancel ends an open order as error_checkout (shopper_cancelled) with the signed return URL', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop);
    const guest = new Browser(server.base);
    const declined = await attempt(guest, token, CARDS.decline);
    expect((await paymentStatus(declined)).status).toBe('failed');
    const cancelled = resultData<View>(await guest.mutation('checkout.cancel', { token }));
    expect(cancelled.status).toBe('error_checkout');
    expect(cancelled.redirectUrl).toContain('signature=');
    expect(cancelled).toMatchObject({
      attempts: { failed: 1, lastFailureCode: 'shopper_cancelled' },
    });
    expect(await orderRow(orderId)).toMatchObject({
      status: 'error_checkout',
      failureCode: 'shopper_cancelled',
    });
    // A second cancel (double click, another tab) answers the same final order, no new IPN.
    const twice = resultData<View>(await guest.mutation('checkout.cancel', { token }));
    expect(twice.status).toBe('error_checkout');
    expect(await ipnTypes(orderId)).toEqual(['order.payment_failed', 'order.error_checkout']);
  });

  it('cancel on a paid order changes nothing', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop, 700);
    const shopper = await paymentShopper(t(), server, 1_000);
    expect(
      resultData<View>(await shopper.browser.mutation('checkout.payWithWallet', { token })).status,
    ).toBe('checkout_success');
    const answer = resultData<View>(await shopper.browser.mutation('checkout.cancel', { token }));
    expect(answer.status).toBe('checkout_success');
    expect((await orderRow(orderId)).status).toBe('checkout_success');
    expect(await ipnTypes(orderId)).toEqual(['order.checkout_success']);
  });

  it('a cancel racing a wallet payment ends with exactly one of the two, and the ledger agrees', async () => {
    const shop = await paymentMerchant(t(), server.base);
    for (let round = 0; round < 4; round++) {
      const { orderId, token } = await newOrder(shop, 600);
      const shopper = await paymentShopper(t(), server, 1_000);
      await Promise.allSettled([
        shopper.browser.mutation('checkout.payWithWallet', { token }),
        new Browser(server.base).mutation('checkout.cancel', { token }),
      ]);
      // A loser that found the order busy retries, as the page does, and finds it final.
      await new Browser(server.base).mutation('checkout.cancel', { token });
      const row = await orderRow(orderId);
      expect(['checkout_success', 'error_checkout']).toContain(row.status);
      const paid = await t()
        .database.db.select()
        .from(ledgerTransfers)
        .where(and(eq(ledgerTransfers.reference, orderId), eq(ledgerTransfers.kind, 'payment')));
      if (row.status === 'checkout_success') {
        expect(paid).toHaveLength(1);
        expect(await balanceOf(t(), shopper.walletId)).toBe(400);
      } else {
        expect(paid).toHaveLength(0);
        expect(await balanceOf(t(), shopper.walletId)).toBe(1_000);
      }
      expect(await ipnTypes(orderId)).toHaveLength(1);
    }
  });

  it('a forged token is refused with error_signature and changes nothing', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop);
    const forged = `${token.slice(0, -4)}AAAA`;
    const res = await new Browser(server.base).mutation('checkout.cancel', { token: forged });
    expect(res.body.error?.data.code).toBe('error_signature');
    expect((await orderRow(orderId)).status).toBe('created');
  });
});

describe('a payment that does not start (provider error, no answer in time)', () => {
  it('a provider error is a failed attempt: the order stays payable, the merchant hears of it, another card pays', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop, 2_101);
    await armFault('error', 2_101);
    const guest = new Browser(server.base);
    const failed = await start(guest, token);
    expect(failed).toMatchObject({ redirectUrl: null, failureCode: 'provider_error' });
    expect(failed.view).toMatchObject({
      status: 'created',
      attempts: { failed: 1, left: 4, lastFailureCode: 'provider_error' },
    });
    expect(await paymentStatus(failed.paymentId ?? '')).toMatchObject({
      status: 'failed',
      failureCode: 'provider_error',
      providerRef: null,
    });
    expect(await orderRow(orderId)).toMatchObject({
      status: 'created',
      failureCode: 'provider_error',
      providerPaymentId: failed.paymentId,
    });
    expect(await failedEvents(orderId)).toEqual([
      expect.objectContaining({ failureCode: 'provider_error', attempt: 1, final: false }),
    ]);

    // The outage is over: the same shopper pays with a card.
    await attempt(guest, token, CARDS.success);
    const paid = await waitUntil(
      () => orderRow(orderId),
      (r) => r.status !== 'created',
    );
    expect(paid.status).toBe('checkout_success');
    const account = await server.services.accounts.merchantBalance(shop.merchantId, 'EUR', 'test');
    expect(await balanceOf(t(), account)).toBe(2_101);
    expect(await ipnTypes(orderId)).toEqual(['order.payment_failed', 'order.checkout_success']);
  });

  it('no answer in time is provider_timeout, answered within the timeout, and the order stays payable', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop, 2_102);
    await armFault('timeout', 2_102);
    const began = Date.now();
    const failed = await start(new Browser(server.base), token);
    expect(Date.now() - began).toBeLessThan(PROVIDER_TIMEOUT_MS + 2_000);
    expect(failed).toMatchObject({ redirectUrl: null, failureCode: 'provider_timeout' });
    expect(failed.view.status).toBe('created');
    expect(await orderRow(orderId)).toMatchObject({
      status: 'created',
      failureCode: 'provider_timeout',
    });
    expect(await ipnTypes(orderId)).toEqual(['order.payment_failed']);
  });

  it('a success that still arrives for a timed-out start pays the open order, once', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop, 2_103);
    await armFault('timeout', 2_103);
    const failed = await start(new Browser(server.base), token);
    expect(failed.failureCode).toBe('provider_timeout');
    const paymentId = failed.paymentId ?? '';
    // The provider had taken it after all, and its page gets paid (the late answer).
    const late = sandboxPaymentOf(paymentId);
    expect(
      (await submitSandboxCard(`${sandbox.url}/pay/${late.providerRef}`, CARDS.success)).status,
    ).toBe(303);
    const paid = await waitUntil(
      () => orderRow(orderId),
      (r) => r.status !== 'created',
    );
    expect(paid).toMatchObject({ status: 'checkout_success', providerPaymentId: paymentId });
    expect(await paymentStatus(paymentId)).toMatchObject({
      status: 'succeeded',
      providerRef: late.providerRef,
    });
    const account = await server.services.accounts.merchantBalance(shop.merchantId, 'EUR', 'test');
    expect(await balanceOf(t(), account)).toBe(2_103);
    // The notification's redeliveries change nothing.
    await new Promise((r) => setTimeout(r, 500));
    expect(await balanceOf(t(), account)).toBe(2_103);
    expect(await ipnTypes(orderId)).toEqual(['order.payment_failed', 'order.checkout_success']);
    expect(await exceptionsOf(orderId)).toEqual([]);
  });

  it('a late success after the shopper paid from the wallet is parked as an exception, never a second payment', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId, token } = await newOrder(shop, 2_104);
    const shopper = await paymentShopper(t(), server, 5_000);
    await armFault('timeout', 2_104);
    const failed = await start(shopper.browser, token);
    expect(failed.failureCode).toBe('provider_timeout');
    expect(
      resultData<View>(await shopper.browser.mutation('checkout.payWithWallet', { token })).status,
    ).toBe('checkout_success');
    const late = sandboxPaymentOf(failed.paymentId ?? '');
    expect(
      (await submitSandboxCard(`${sandbox.url}/pay/${late.providerRef}`, CARDS.success)).status,
    ).toBe(303);
    const [parked] = await waitUntil(
      () => exceptionsOf(orderId),
      (rows) => rows.length > 0,
    );
    expect(parked).toMatchObject({
      kind: 'late_success',
      providerPaymentId: failed.paymentId,
      amount: 2_104,
    });
    expect(await orderRow(orderId)).toMatchObject({
      status: 'checkout_success',
      paymentMethod: 'wallet',
    });
    const account = await server.services.accounts.merchantBalance(shop.merchantId, 'EUR', 'test');
    expect(await balanceOf(t(), account)).toBe(2_104);
    expect(await balanceOf(t(), shopper.walletId)).toBe(5_000 - 2_104);
    const suspense = await server.services.accounts.platform('suspense', 'EUR', 'test');
    const hold = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(eq(ledgerTransfers.id, parked?.holdTransferId ?? ''));
    expect(hold[0]).toMatchObject({ creditAccountId: suspense, amount: 2_104 });
    expect(await ipnTypes(orderId)).toEqual(['order.payment_failed', 'order.checkout_success']);
  });

  it('a late success racing a wallet payment: one of them pays the order, the other is parked', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const account = await server.services.accounts.merchantBalance(shop.merchantId, 'EUR', 'test');
    for (let round = 0; round < 3; round++) {
      const amount = 2_110 + round;
      const { orderId, token } = await newOrder(shop, amount);
      const shopper = await paymentShopper(t(), server, 5_000);
      await armFault('timeout', amount);
      const failed = await start(shopper.browser, token);
      expect(failed.failureCode).toBe('provider_timeout');
      const late = sandboxPaymentOf(failed.paymentId ?? '');
      const outcome = {
        paymentId: late.paymentId,
        providerRef: late.providerRef,
        status: 'succeeded' as const,
        amount,
        currency: 'EUR',
      };
      await Promise.allSettled([
        settleProviderPayment({ services: server.services, outcome }),
        shopper.browser.mutation('checkout.payWithWallet', { token }),
      ]);
      // A loser that found the order busy is delivered again (as the provider retries).
      await waitUntil(
        () =>
          settleProviderPayment({ services: server.services, outcome }).then(
            () => true,
            () => false,
          ),
        (done) => done,
      );
      const row = await orderRow(orderId);
      expect(row.status).toBe('checkout_success');
      expect(await balanceOf(t(), account)).toBe((round + 1) * 2_110 + (round * (round + 1)) / 2);
      const parked = await exceptionsOf(orderId);
      if (row.paymentMethod === 'wallet') {
        expect(parked).toHaveLength(1);
        expect(await balanceOf(t(), shopper.walletId)).toBe(5_000 - amount);
      } else {
        expect(row.providerPaymentId).toBe(late.paymentId);
        expect(parked).toHaveLength(0);
        expect(await balanceOf(t(), shopper.walletId)).toBe(5_000);
      }
      expect(await ipnTypes(orderId)).toEqual(['order.payment_failed', 'order.checkout_success']);
    }
  });

  it("a provider error as the merchant's last allowed attempt ends the order as error_checkout, its IPN once", async () => {
    const shop = await paymentMerchant(t(), server.base);
    await withLimit(shop, 2);
    const { orderId, token } = await newOrder(shop, 2_105);
    const guest = new Browser(server.base);
    const declined = await attempt(guest, token, CARDS.decline);
    expect((await paymentStatus(declined)).status).toBe('failed');
    await armFault('error', 2_105);
    const last = await start(guest, token);
    expect(last.failureCode).toBe('provider_error');
    expect(last.view.status).toBe('error_checkout');
    expect(last.view.redirectUrl).toContain('signature=');
    expect(await orderRow(orderId)).toMatchObject({
      status: 'error_checkout',
      failureCode: 'provider_error',
    });
    expect((await failedEvents(orderId)).map((e) => [e.failureCode, e.attempt, e.final])).toEqual([
      ['card_declined', 1, false],
      ['provider_error', 2, true],
    ]);
    // Trying again finds it final: nothing starts, no new event.
    const again = await start(guest, token);
    expect(again).toMatchObject({ redirectUrl: null, paymentId: null, failureCode: null });
    expect(await ipnTypes(orderId)).toEqual([
      'order.payment_failed',
      'order.payment_failed',
      'order.error_checkout',
    ]);
  });
});

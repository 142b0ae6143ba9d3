import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ipnDeliveries,
  ledgerTransfers,
  merchants,
  orderExceptions,
  orders,
  providerPayments,
} from '../db/schema/index.js';
import { handleProviderNotification } from '../domains/checkout/handle-provider-notification.js';
import { getOrderDetail } from '../domains/orders/get-order-detail.js';
import { createProviderRegistry } from '../domains/providers/registry.js';
import { archiveOrders } from '../jobs/archive-orders.js';
import { checkStuck } from '../jobs/check-stuck.js';
import { sweepExpiredOrders } from '../jobs/expire-orders.js';
import { createSandboxProvider, type SandboxProvider } from '../sandbox/create-sandbox-provider.js';
import { useTestEnv } from './harness.js';
import { Browser, createStaff, PASSWORD } from './identity.js';
import {
  balanceOf,
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  startPaymentServer,
  type TestMerchant,
} from './payments.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
const SECRET = 'sandbox-provider-test-secret';
const LATE_MS = 1_500;
let sandbox: SandboxProvider;
let server: PaymentServer;
let merchant: TestMerchant;

const CARDS = {
  success: '4242424242424242',
  decline: '4000000000000002',
  noAnswer: '4000000000000010',
  late: '4000000000000028',
  duplicate: '4000000000000036',
};

function data<T>(res: { body: { result?: { data: unknown } } }): T {
  if (!res.body.result) throw new Error(`no result: ${JSON.stringify(res.body)}`);
  return res.body.result.data as T;
}

async function orderRow(id: string) {
  const [row] = await t().database.db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error('no order');
  return row;
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A guest shopper starts a provider payment and types a card on the sandbox's page. */
async function payByCard(m: TestMerchant, card: string, amount = 2_000) {
  const created = await m.call('mutation', 'orders.create', orderInput({ amount }));
  const { order, checkout } = data<{ order: { id: string }; checkout: { token: string } }>(created);
  const guest = new Browser(server.base);
  const started = await guest.mutation('checkout.payWithProvider', {
    token: checkout.token,
    provider: 'sandbox',
  });
  const { redirectUrl, paymentId } = data<{ redirectUrl: string; paymentId: string }>(started);
  expect(redirectUrl.startsWith(sandbox.url)).toBe(true);
  const page = await fetch(redirectUrl);
  expect(page.status).toBe(200);
  const submitted = await fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ number: card, expiry: '12/34', cvc: '123', name: 'Ada Lovelace' }),
    redirect: 'manual',
  });
  expect(submitted.status).toBe(303);
  return { orderId: order.id, token: checkout.token, paymentId };
}

let providerDown = false;

beforeAll(async () => {
  sandbox = createSandboxProvider({
    secret: SECRET,
    logger: t().logger,
    lateDelayMs: LATE_MS,
    notifyRetryDelaysMs: [200, 500, 1_000, 2_000],
  });
  await sandbox.listen(0, '127.0.0.1');
  server = await startPaymentServer(t(), {
    providers: createProviderRegistry({
      // A test may take the provider "offline" (nothing listens on port 1).
      sandbox: {
        baseUrl: () => (providerDown ? 'http://127.0.0.1:1' : sandbox.url),
        secret: SECRET,
      },
    }),
    onNotification: handleProviderNotification,
  });
  // The sandbox notifies this server's own address.
  server.services.config.apiUrl = server.base;
  merchant = await paymentMerchant(t(), server.base, { feeBps: 100 });
});

afterAll(async () => {
  await sandbox.close();
  await server.stop();
});

describe('checkout by the sandbox provider', () => {
  it('pays an order by card: notification, capture into the merchant balance, IPN', async () => {
    const { orderId } = await payByCard(merchant, CARDS.success, 2_000);
    const row = await until(
      () => orderRow(orderId),
      (r) => r.status !== 'created',
    );
    expect(row).toMatchObject({
      status: 'checkout_success',
      paymentMethod: 'provider',
      feeAmount: 20,
    });
    const merchantAccount = await server.services.accounts.merchantBalance(
      merchant.merchantId,
      'EUR',
      'test',
    );
    expect(await balanceOf(t(), merchantAccount)).toBe(1_980);
    const ipns = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, orderId));
    expect(ipns.map((i) => i.type)).toEqual(['order.checkout_success']);
  });

  it('records a declined card as a failed attempt; the order stays payable', async () => {
    const { orderId, paymentId } = await payByCard(merchant, CARDS.decline);
    const payment = await until(
      async () => {
        const [p] = await t()
          .database.db.select()
          .from(providerPayments)
          .where(eq(providerPayments.id, paymentId));
        return p;
      },
      (p) => p?.status !== 'created',
    );
    expect(payment).toMatchObject({ status: 'failed', failureCode: 'card_declined' });
    expect(await orderRow(orderId)).toMatchObject({
      status: 'created',
      failureCode: 'card_declined',
    });
  });

  it('is unharmed by duplicate notifications: one capture, one success', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId } = await payByCard(shop, CARDS.duplicate, 3_000);
    await until(
      () => orderRow(orderId),
      (r) => r.status === 'checkout_success',
    );
    // Let the other deliveries of the same notification land.
    await new Promise((r) => setTimeout(r, 500));
    const captures = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(and(eq(ledgerTransfers.reference, orderId), eq(ledgerTransfers.kind, 'payment')));
    expect(captures).toHaveLength(1);
    const merchantAccount = await server.services.accounts.merchantBalance(
      shop.merchantId,
      'EUR',
      'test',
    );
    expect(await balanceOf(t(), merchantAccount)).toBe(3_000);
    const ipns = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, orderId));
    expect(ipns).toHaveLength(1);
  });

  it('refuses a notification with a bad signature and changes nothing', async () => {
    const { orderId, paymentId } = await payByCard(merchant, CARDS.noAnswer);
    const body = JSON.stringify({
      type: 'payment.succeeded',
      notificationId: 'ntf_forged',
      paymentId,
      providerRef: 'x',
      amount: 2_000,
      currency: 'EUR',
    });
    const res = await fetch(`${server.base}/providers/sandbox/notify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'sandbox-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
      },
      body,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'provider_signature_invalid',
    );
    expect((await orderRow(orderId)).status).toBe('created');
  });

  it('queries the provider when no answer comes, and flags the payment while it stays pending', async () => {
    const { orderId, paymentId } = await payByCard(merchant, CARDS.noAnswer);
    const later = new Date(Date.now() + server.services.config.providerNoAnswerMs + 1_000);
    const report = await checkStuck({ services: server.services, now: later });
    expect(report.queried).toBeGreaterThanOrEqual(1);
    const [payment] = await t()
      .database.db.select()
      .from(providerPayments)
      .where(eq(providerPayments.id, paymentId));
    expect(payment?.flaggedAt).not.toBeNull();
    expect((await orderRow(orderId)).status).toBe('created');
    // Staff see what the provider says, pending, not our internal `created`.
    const detail = await getOrderDetail({ db: t().database.db, orderId });
    expect(detail.providerPayments.map((p) => p.status)).toEqual(['pending']);
  });

  it('a late-answer payment flagged "no answer" loses the flag once its success arrives', async () => {
    const { orderId, paymentId } = await payByCard(merchant, CARDS.late);
    const later = new Date(Date.now() + server.services.config.providerNoAnswerMs + 1_000);
    await checkStuck({ services: server.services, now: later });
    const flagged = async () => {
      const [p] = await t()
        .database.db.select()
        .from(providerPayments)
        .where(eq(providerPayments.id, paymentId));
      return p;
    };
    expect((await flagged())?.flaggedAt).not.toBeNull();
    await until(
      () => orderRow(orderId),
      (r) => r.status === 'checkout_success',
      LATE_MS + 10_000,
    );
    expect(await flagged()).toMatchObject({ status: 'succeeded', flaggedAt: null });
  });

  it('turns a success after the timeout into exception_checkout, parks the money, and lets an admin resolve it', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId } = await payByCard(shop, CARDS.late, 5_000);
    // The order times out before the provider's late answer arrives.
    await t()
      .database.db.update(orders)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(orders.id, orderId));
    await sweepExpiredOrders({ services: server.services });
    expect((await orderRow(orderId)).status).toBe('timeout');
    const row = await until(
      () => orderRow(orderId),
      (r) => r.status === 'exception_checkout',
      LATE_MS + 10_000,
    );
    expect(row.failureCode).toBe('late_success');
    const merchantAccount = await server.services.accounts.merchantBalance(
      shop.merchantId,
      'EUR',
      'test',
    );
    expect(await balanceOf(t(), merchantAccount)).toBe(0);
    const suspense = await server.services.accounts.platform('suspense', 'EUR', 'test');
    const suspenseBefore = await balanceOf(t(), suspense);
    const [entry] = await t()
      .database.db.select()
      .from(orderExceptions)
      .where(eq(orderExceptions.orderId, orderId));
    expect(entry).toMatchObject({ status: 'open', amount: 5_000 });
    const ipns = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, orderId));
    expect(ipns.map((i) => i.type).sort()).toEqual(['order.exception_checkout', 'order.timeout']);

    const admin = await createStaff(t(), { role: 'finance' });
    const browser = new Browser(server.base);
    expect(
      (await browser.mutation('admin.logIn', { email: admin.email, password: PASSWORD })).status,
    ).toBe(200);
    const listed = data<{ items: { id: string; merchantId: string; merchantName: string }[] }>(
      await browser.query('admin.exceptions.list', { status: 'open' }),
    );
    const queued = listed.items.find((e) => e.id === entry?.id);
    expect(queued).toBeDefined();
    // The queue names the merchant (its business or display name), not only its id.
    const [named] = await t()
      .database.db.select({ business: merchants.businessName, display: merchants.displayName })
      .from(merchants)
      .where(eq(merchants.id, queued?.merchantId ?? ''));
    expect(queued?.merchantName).toBe(named?.display ?? named?.business);
    const honoured = await browser.mutation('admin.exceptions.resolve', {
      exceptionId: entry?.id,
      action: 'honour',
      note: 'shopper confirmed',
    });
    expect(data<{ status: string }>(honoured).status).toBe('honoured');
    expect(await balanceOf(t(), merchantAccount)).toBe(5_000);
    expect(await balanceOf(t(), suspense)).toBe(suspenseBefore - 5_000);
    expect((await orderRow(orderId)).status).toBe('checkout_success');
    const again = await browser.mutation('admin.exceptions.resolve', {
      exceptionId: entry?.id,
      action: 'refund',
    });
    expect(again.body.error?.data.code).toBe('exception_resolved');
  });

  it('refunds a provider payment at the provider and in the ledger', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId } = await payByCard(shop, CARDS.success, 4_000);
    await until(
      () => orderRow(orderId),
      (r) => r.status === 'checkout_success',
    );
    const refund = await shop.call('mutation', 'refunds.create', { orderId, amount: 1_500 });
    expect(data<{ status: string }>(refund).status).toBe('succeeded');
    const merchantAccount = await server.services.accounts.merchantBalance(
      shop.merchantId,
      'EUR',
      'test',
    );
    expect(await balanceOf(t(), merchantAccount)).toBe(2_500);
    expect((await orderRow(orderId)).status).toBe('partially_refunded');
  });

  it('a refund the provider does not answer stays pending, holds its amount, and completes once later', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId } = await payByCard(shop, CARDS.success, 4_000);
    await until(
      () => orderRow(orderId),
      (r) => r.status === 'checkout_success',
    );
    const merchantAccount = await server.services.accounts.merchantBalance(
      shop.merchantId,
      'EUR',
      'test',
    );
    providerDown = true;
    let pending: { id: string; status: string };
    try {
      const res = await shop.call('mutation', 'refunds.create', { orderId, amount: 1_500 });
      pending = data<{ id: string; status: string }>(res);
      expect(pending.status).toBe('pending');
      // The pending refund counts against what is left to refund.
      const tooMuch = await shop.call('mutation', 'refunds.create', { orderId, amount: 3_000 });
      expect(tooMuch.body.error?.data.code).toBe('refund_exceeds_captured');
      // Nothing completed while the provider is away.
      const early = await checkStuck({
        services: server.services,
        now: new Date(Date.now() + 60_000),
      });
      expect(early.refundsCompleted).toBe(0);
      // Nor is the order archived from under its pending refund (completing it needs the live row).
      await archiveOrders({
        database: t().database,
        olderThanMs: 0,
        now: new Date(Date.now() + 1_000),
      });
      expect((await orderRow(orderId)).status).toBe('checkout_success');
    } finally {
      providerDown = false;
    }
    expect((await orderRow(orderId)).status).toBe('checkout_success');
    const first = await checkStuck({
      services: server.services,
      now: new Date(Date.now() + 60_000),
    });
    expect(first.refundsCompleted).toBe(1);
    const second = await checkStuck({
      services: server.services,
      now: new Date(Date.now() + 60_000),
    });
    expect(second.refundsCompleted).toBe(0);
    const listed = data<{ id: string; status: string }[]>(
      await shop.call('query', 'refunds.list', { orderId }),
    );
    expect(listed.find((r) => r.id === pending.id)?.status).toBe('succeeded');
    expect(await balanceOf(t(), merchantAccount)).toBe(2_500);
    expect((await orderRow(orderId)).status).toBe('partially_refunded');
    const transfers = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(and(eq(ledgerTransfers.reference, orderId), eq(ledgerTransfers.kind, 'refund')));
    expect(transfers.map((x) => [x.amount, x.status])).toEqual([[1_500, 'posted']]);
  });

  it('pays a merchant out through the provider, and never beyond its balance', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId } = await payByCard(shop, CARDS.success, 10_000);
    await until(
      () => orderRow(orderId),
      (r) => r.status === 'checkout_success',
    );
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        shop.call('mutation', 'payouts.create', {
          amount: 3_000,
          currency: 'EUR',
          destination: { iban: 'DE89370400440532013000' },
        }),
      ),
    );
    const paid = results.filter(
      (r) => r.status === 200 && data<{ status: string }>(r).status === 'paid',
    );
    expect(paid).toHaveLength(3);
    expect(results.filter((r) => r.body.error?.data.code === 'insufficient_funds')).toHaveLength(3);
    const balance = data<{ balance: number; available: number }[]>(
      await shop.call('query', 'balance.get'),
    );
    expect(balance[0]).toMatchObject({ balance: 1_000, available: 1_000 });
    const failed = await shop.call('mutation', 'payouts.create', {
      amount: 500,
      currency: 'EUR',
      destination: { iban: 'fail' },
    });
    expect(data<{ status: string }>(failed).status).toBe('failed');
    expect(
      data<{ available: number }[]>(await shop.call('query', 'balance.get'))[0]?.available,
    ).toBe(1_000);
    const list = data<{ payouts: unknown[] }>(await shop.call('query', 'payouts.list', {}));
    expect(list.payouts).toHaveLength(4);
  });
});

describe('payout retries', () => {
  it('a payout retried under the same Idempotency-Key pays once, even after its record was lost', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { orderId } = await payByCard(shop, CARDS.success, 6_000);
    await until(
      () => orderRow(orderId),
      (r) => r.status === 'checkout_success',
    );
    const body = {
      amount: 4_000,
      currency: 'EUR',
      destination: { iban: 'DE89370400440532013000' },
    };
    const first = await shop.call('mutation', 'payouts.create', body, {
      'idempotency-key': 'po-1',
    });
    expect(data<{ status: string }>(first).status).toBe('paid');
    // The API's idempotency record is gone (expired, or the process died before it was written):
    // the payout's id still derives from the key, so nothing is paid twice.
    await t().database.pool.query('DELETE FROM idempotency_keys');
    const again = await shop.call('mutation', 'payouts.create', body, {
      'idempotency-key': 'po-1',
    });
    expect(data<{ id: string; status: string }>(again)).toMatchObject({
      id: data<{ id: string }>(first).id,
      status: 'paid',
    });
    const balance = data<{ balance: number }[]>(await shop.call('query', 'balance.get'));
    expect(balance[0]?.balance).toBe(2_000);
  });
});

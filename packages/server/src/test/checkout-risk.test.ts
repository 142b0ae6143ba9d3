import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  ledgerTransfers,
  orders,
  providerPayments,
  riskDecisions,
  riskHolds,
} from '../db/schema/index.js';
import { payKey } from '../domains/checkout/expire-order.js';
import { getBalance, postTransfer, voidExpiredTransfers } from '../domains/ledger/index.js';
import { createProviderRegistry } from '../domains/providers/registry.js';
import { riskKeys } from '../domains/risk/feature-store.js';
import { restoreHotFeatures } from '../domains/risk/restore-hot-features.js';
import { createRiskServices } from '../domains/risk/risk-engine.js';
import type { RuleSetInput } from '../domains/risk/rules.js';
import { riskFeaturesSubscription } from '../domains/risk/update-features.js';
import { createInProcessBus } from '../infra/event-bus.js';
import { createOutboxRelay, type OutboxRelay } from '../infra/outbox-relay.js';
import { sweepExpiredOrders } from '../jobs/expire-orders.js';
import { createSandboxProvider, type SandboxProvider } from '../sandbox/create-sandbox-provider.js';
import { useTestEnv } from './harness.js';
import { Browser, createStaff, PASSWORD } from './identity.js';
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

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let merchant: TestMerchant;
let relay: OutboxRelay;
let admin: Browser;
let adminEmail: string;
let sandbox: SandboxProvider;
const SANDBOX_SECRET = 'risk-test-sandbox-secret-0123456789';

type View = { status: string; underReview?: boolean };
type Hold = { orderId: string; status: string; transferId: string };

function data<T>(res: { status: number; body: { result?: { data: unknown } } }): T {
  if (!res.body.result) throw new Error(`no result (${res.status}): ${JSON.stringify(res.body)}`);
  return res.body.result.data as T;
}

async function createOrder(amount: number): Promise<{ orderId: string; token: string }> {
  const res = await merchant.call('mutation', 'orders.create', orderInput({ amount }));
  const created = data<{ order: { id: string }; checkout: { token: string } }>(res);
  return { orderId: created.order.id, token: created.checkout.token };
}

async function pay(shopper: TestShopper, token: string) {
  return shopper.browser.mutation('checkout.payWithWallet', { token });
}

/** Holds every payment above 50.00 for review: the rule set of the review-hold tests. */
const REVIEW_LARGE_AMOUNTS: RuleSetInput = {
  rules: [
    {
      id: 'large_amount',
      feature: 'amount',
      op: 'gt',
      value: 5_000,
      action: 'review',
      reason: 'large_amount',
    },
  ],
};

async function publishRules(ruleSet: RuleSetInput): Promise<number> {
  const live = data<{ version: number }>(await admin.query('admin.risk.rules.get'));
  const published = await admin.mutation('admin.risk.rules.publish', {
    baseVersion: live.version,
    ruleSet,
  });
  return data<{ version: number }>(published).version;
}

async function orderRow(id: string) {
  const [row] = await t().database.db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error('no order');
  return row;
}

async function decisionsOf(orderId: string) {
  return t().database.db.select().from(riskDecisions).where(eq(riskDecisions.orderId, orderId));
}

const balance = (accountId: string) => getBalance({ db: t().database.db, accountId });

async function merchantAccount(): Promise<string> {
  return server.services.accounts.merchantBalance(merchant.merchantId, 'EUR', 'test');
}

beforeAll(async () => {
  const { database, redis, logger } = t();
  const bus = createInProcessBus({ db: database.db, logger });
  bus.subscribe(riskFeaturesSubscription({ redis }));
  // Not started: each test drains it, so features are up to date exactly when a test says so.
  relay = createOutboxRelay({ database, bus, logger, batchSize: 500 });
  const risk = createRiskServices({ db: database.db, redis, logger });
  sandbox = createSandboxProvider({ secret: SANDBOX_SECRET, logger, lateDelayMs: 1_000 });
  await sandbox.listen(0, '127.0.0.1');
  server = await startPaymentServer(t(), {
    risk,
    providers: createProviderRegistry({
      sandbox: { baseUrl: () => sandbox.url, secret: SANDBOX_SECRET },
    }),
  });
  await restoreHotFeatures({ db: database.db, redis });
  merchant = await paymentMerchant(t(), server.base, { feeBps: 100 });
  const staff = await createStaff(t(), { role: 'admin' });
  adminEmail = staff.email;
  admin = new Browser(server.base);
  expect(
    (await admin.mutation('admin.logIn', { email: staff.email, password: PASSWORD })).status,
  ).toBe(200);
});

afterAll(async () => {
  await sandbox.close();
  await relay.stop();
  await server.stop();
});

describe('risk at checkout', () => {
  it('rejects a shopper over the velocity limit with the reason code, and no money moves', async () => {
    const version = await publishRules({
      rules: [
        {
          id: 'velocity_1h',
          feature: 'shopper_attempts_1h',
          op: 'gte',
          value: 3,
          action: 'reject',
          reason: 'velocity_1h',
        },
      ],
    });
    const shopper = await paymentShopper(t(), server, 100_000);
    for (let i = 0; i < 3; i++) {
      const { token } = await createOrder(1_000);
      expect(data<View>(await pay(shopper, token)).status).toBe('checkout_success');
      await relay.drain();
    }
    const merchantBefore = await balance(await merchantAccount());
    const walletBefore = await balance(shopper.walletId);
    expect(walletBefore.balance).toBe(97_000);

    const { orderId, token } = await createOrder(1_000);
    const view = data<View>(await pay(shopper, token));
    expect(view.status).toBe('reject_risk_service');
    const row = await orderRow(orderId);
    expect(row.status).toBe('reject_risk_service');
    expect(row.failureCode).toBe('velocity_1h');
    expect(await balance(shopper.walletId)).toEqual(walletBefore);
    expect(await balance(await merchantAccount())).toEqual(merchantBefore);
    const transfers = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(eq(ledgerTransfers.idempotencyKey, payKey(orderId)));
    expect(transfers).toEqual([]);

    const [decision] = await decisionsOf(orderId);
    expect(decision).toMatchObject({
      shopperId: shopper.userId,
      decision: 'reject',
      reasons: ['velocity_1h'],
      ruleVersion: version,
      fallback: false,
      amount: 1_000,
    });
    expect(decision?.inputs).toMatchObject({ features: { shopper_attempts_1h: 3 } });

    // The limit is the shopper's: another shopper at the same merchant still pays.
    const other = await paymentShopper(t(), server, 5_000);
    const next = await createOrder(1_000);
    expect(data<View>(await pay(other, next.token)).status).toBe('checkout_success');
  });

  it('review holds the payment (reserved, order still created) until an admin releases it', async () => {
    await publishRules(REVIEW_LARGE_AMOUNTS);
    const shopper = await paymentShopper(t(), server, 20_000);
    const account = await merchantAccount();
    const merchantBefore = await balance(account);
    const { orderId, token } = await createOrder(8_000);

    const view = data<View>(await pay(shopper, token));
    expect(view).toMatchObject({ status: 'created', underReview: true });
    expect(await balance(shopper.walletId)).toMatchObject({
      balance: 20_000,
      available: 12_000,
      pendingDebits: 8_000,
    });
    expect((await balance(account)).balance).toBe(merchantBefore.balance);
    expect((await orderRow(orderId)).status).toBe('created');

    // Re-opening the checkout shows it under review.
    const opened = data<View>(await shopper.browser.query('checkout.open', { token }));
    expect(opened).toMatchObject({ status: 'created', underReview: true });

    // A second click while held: still held, reserved once.
    const again = data<View>(await pay(shopper, token));
    expect(again).toMatchObject({ status: 'created', underReview: true });
    expect((await balance(shopper.walletId)).pendingDebits).toBe(8_000);
    const decisions = await decisionsOf(orderId);
    expect(decisions.map((d) => d.reasons).sort()).toEqual([['held_for_review'], ['large_amount']]);

    const held = data<Hold[]>(await admin.query('admin.risk.holds.list', { status: 'held' }));
    expect(held.map((h) => h.orderId)).toContain(orderId);

    const released = data<Hold>(
      await admin.mutation('admin.risk.holds.resolve', { orderId, action: 'release', note: 'ok' }),
    );
    expect(released.status).toBe('released');
    const row = await orderRow(orderId);
    expect(row.status).toBe('checkout_success');
    expect(row.transferId).toBe(released.transferId);
    expect(Number(row.feeAmount)).toBe(80);
    expect(await balance(shopper.walletId)).toMatchObject({
      balance: 12_000,
      available: 12_000,
      pendingDebits: 0,
    });
    expect((await balance(account)).balance).toBe(merchantBefore.balance + 8_000 - 80);
    const audit = await t()
      .database.db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'risk.hold.release'), eq(auditLog.targetId, orderId)));
    expect(audit).toHaveLength(1);
    expect(await t().redis.exists(riskKeys.hold(orderId))).toBe(0);

    const twice = await admin.mutation('admin.risk.holds.resolve', { orderId, action: 'void' });
    expect(twice.status).toBe(409);
    expect(twice.body.error?.data.code).toBe('risk_hold_resolved');
    expect((await orderRow(orderId)).status).toBe('checkout_success');
  });

  it('review then void gives the reservation back and rejects the order', async () => {
    await publishRules(REVIEW_LARGE_AMOUNTS);
    const shopper = await paymentShopper(t(), server, 20_000);
    const account = await merchantAccount();
    const merchantBefore = await balance(account);
    const { orderId, token } = await createOrder(9_000);
    expect(data<View>(await pay(shopper, token)).underReview).toBe(true);

    const voided = data<Hold>(
      await admin.mutation('admin.risk.holds.resolve', { orderId, action: 'void' }),
    );
    expect(voided.status).toBe('voided');
    const row = await orderRow(orderId);
    expect(row.status).toBe('reject_risk_service');
    expect(row.failureCode).toBe('risk_review_declined');
    expect(await balance(shopper.walletId)).toMatchObject({
      balance: 20_000,
      available: 20_000,
      pendingDebits: 0,
    });
    expect(await balance(account)).toEqual(merchantBefore);
    // Had the process died after the void but before the hold recorded it, the retry finds the
    // order already voided and records the hold as such, moving nothing.
    await t()
      .database.db.update(riskHolds)
      .set({ status: 'held' })
      .where(eq(riskHolds.orderId, orderId));
    const retried = data<Hold>(
      await admin.mutation('admin.risk.holds.resolve', { orderId, action: 'void' }),
    );
    expect(retried.status).toBe('voided');
    expect((await balance(shopper.walletId)).balance).toBe(20_000);

    // The order is final: paying again changes nothing.
    expect(data<View>(await pay(shopper, token)).status).toBe('reject_risk_service');
    expect((await balance(shopper.walletId)).balance).toBe(20_000);
  });

  it('two admins releasing one hold at once move the money once', async () => {
    await publishRules(REVIEW_LARGE_AMOUNTS);
    const shopper = await paymentShopper(t(), server, 10_000);
    const account = await merchantAccount();
    const merchantBefore = await balance(account);
    const { orderId, token } = await createOrder(6_000);
    expect(data<View>(await pay(shopper, token)).underReview).toBe(true);
    const results = await Promise.all([
      admin.mutation('admin.risk.holds.resolve', { orderId, action: 'release' }),
      admin.mutation('admin.risk.holds.resolve', { orderId, action: 'release' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await balance(shopper.walletId)).balance).toBe(4_000);
    expect((await balance(account)).balance).toBe(merchantBefore.balance + 6_000 - 60);
    expect((await orderRow(orderId)).status).toBe('checkout_success');
  });

  it('a hold whose order expires gives the money back: the release finds it expired and moves nothing', async () => {
    await publishRules(REVIEW_LARGE_AMOUNTS);
    const shopper = await paymentShopper(t(), server, 10_000);
    const account = await merchantAccount();
    const merchantBefore = await balance(account);
    const first = await createOrder(6_000);
    const second = await createOrder(7_000);
    expect(data<View>(await pay(shopper, first.token)).underReview).toBe(true);
    // The second hold cannot be made: only 4,000 are still available.
    const refused = await pay(shopper, second.token);
    expect(refused.body.error?.data.code).toBe('insufficient_funds');
    expect((await orderRow(second.orderId)).status).toBe('created');

    // Nobody reviewed it in time: the order times out, and the reservation's own timeout (the
    // order's expiry) releases the money.
    const later = new Date((await orderRow(first.orderId)).expiresAt.getTime() + 1_000);
    await sweepExpiredOrders({ services: server.services, now: later });
    expect((await orderRow(first.orderId)).status).toBe('timeout');
    await voidExpiredTransfers({ db: t().database.db, writer: server.writer, now: later });
    expect(await balance(shopper.walletId)).toMatchObject({ balance: 10_000, available: 10_000 });

    const late = data<Hold>(
      await admin.mutation('admin.risk.holds.resolve', {
        orderId: first.orderId,
        action: 'release',
      }),
    );
    expect(late.status).toBe('expired');
    expect((await orderRow(first.orderId)).status).toBe('timeout');
    expect(await balance(shopper.walletId)).toMatchObject({ balance: 10_000, available: 10_000 });
    expect(await balance(account)).toEqual(merchantBefore);
  });

  it('a release that died right after posting is completed once, by expiry or by the retry', async () => {
    await publishRules(REVIEW_LARGE_AMOUNTS);
    const shopper = await paymentShopper(t(), server, 10_000);
    const { orderId, token } = await createOrder(6_000);
    expect(data<View>(await pay(shopper, token)).underReview).toBe(true);
    const [hold] = data<Hold[]>(
      await admin.query('admin.risk.holds.list', { status: 'held' }),
    ).filter((h) => h.orderId === orderId);
    if (!hold) throw new Error('no hold');
    // The admin's release posted the transfer, then the process died.
    await postTransfer({ writer: server.writer, transferId: hold.transferId });
    const later = new Date((await orderRow(orderId)).expiresAt.getTime() + 1_000);
    await sweepExpiredOrders({ services: server.services, now: later });
    expect((await orderRow(orderId)).status).toBe('checkout_success');
    const retried = data<Hold>(
      await admin.mutation('admin.risk.holds.resolve', { orderId, action: 'release' }),
    );
    expect(retried.status).toBe('released');
    expect(await balance(shopper.walletId)).toMatchObject({ balance: 4_000, available: 4_000 });
  });

  it('a provider payment sent to review starts nothing and leaves the order payable; a reject ends it', async () => {
    await publishRules({
      rules: [
        {
          id: 'large_amount',
          feature: 'amount',
          op: 'gt',
          value: 5_000,
          action: 'review',
          reason: 'large_amount',
        },
        {
          id: 'huge_amount',
          feature: 'amount',
          op: 'gt',
          value: 50_000,
          action: 'reject',
          reason: 'huge_amount',
          methods: ['provider'],
        },
      ],
    });
    const guest = new Browser(server.base);
    const review = await createOrder(6_000);
    const answer = await guest.mutation('checkout.payWithProvider', { token: review.token });
    expect(answer.status).toBe(409);
    expect(answer.body.error?.data.code).toBe('risk_review_required');
    expect((await orderRow(review.orderId)).status).toBe('created');
    const started = await t()
      .database.db.select()
      .from(providerPayments)
      .where(eq(providerPayments.orderId, review.orderId));
    expect(started).toEqual([]);
    expect((await decisionsOf(review.orderId))[0]).toMatchObject({
      method: 'provider',
      shopperId: null,
      decision: 'review',
      reasons: ['large_amount'],
    });

    const reject = await createOrder(60_000);
    const rejected = data<{ redirectUrl: string | null; view: View }>(
      await guest.mutation('checkout.payWithProvider', { token: reject.token }),
    );
    expect(rejected.redirectUrl).toBeNull();
    expect(rejected.view.status).toBe('reject_risk_service');
    expect((await orderRow(reject.orderId)).failureCode).toBe('huge_amount');
  });

  it('with the features missing, the default policy decides and says so', async () => {
    await publishRules({
      rules: [
        {
          id: 'velocity_1h',
          feature: 'shopper_attempts_1h',
          op: 'gte',
          value: 1,
          action: 'reject',
          reason: 'velocity_1h',
        },
      ],
      fallback: { allowUpTo: 5_000, action: 'review' },
    });
    const shopper = await paymentShopper(t(), server, 50_000);
    // A first payment, so the velocity rule would reject the next one if features were read.
    const first = await createOrder(1_000);
    await pay(shopper, first.token);
    await relay.drain();

    // Redis lost the hot copy (the ready marker goes with it).
    await t().redis.del(riskKeys.ready);
    const small = await createOrder(5_000);
    expect(data<View>(await pay(shopper, small.token)).status).toBe('checkout_success');
    const big = await createOrder(5_001);
    expect(data<View>(await pay(shopper, big.token))).toMatchObject({
      status: 'created',
      underReview: true,
    });
    for (const orderId of [small.orderId, big.orderId]) {
      const [decision] = await decisionsOf(orderId);
      expect(decision).toMatchObject({ fallback: true, reasons: ['features_unavailable'] });
      expect(decision?.inputs).toMatchObject({ features: null });
    }
    expect((await decisionsOf(big.orderId))[0]?.decision).toBe('review');

    // Restored: the features are read again and the velocity rule applies.
    await restoreHotFeatures({ db: t().database.db, redis: t().redis });
    const after = await createOrder(1_000);
    const view = data<View>(await pay(shopper, after.token));
    expect(view.status).toBe('reject_risk_service');
    expect((await orderRow(after.orderId)).failureCode).toBe('velocity_1h');
  });

  it('blocks an email domain once the shopper is known to the feature store', async () => {
    await publishRules({ rules: [] });
    const shopper = await paymentShopper(t(), server, 10_000);
    const first = await createOrder(1_000);
    expect(data<View>(await pay(shopper, first.token)).status).toBe('checkout_success');
    await relay.drain();
    const domain = shopper.email.slice(shopper.email.indexOf('@') + 1);
    await publishRules({
      rules: [],
      lists: [{ list: 'block', kind: 'email_domain', value: domain, reason: 'blocked_domain' }],
    });
    const { orderId, token } = await createOrder(1_000);
    expect(data<View>(await pay(shopper, token)).status).toBe('reject_risk_service');
    expect((await orderRow(orderId)).failureCode).toBe('blocked_domain');
    expect((await balance(shopper.walletId)).balance).toBe(9_000);
  });
});

describe('risk rules administration', () => {
  it('only admins publish; bad or stale rule sets are refused and change nothing; changes are audited', async () => {
    const live = data<{ version: number }>(await admin.query('admin.risk.rules.get'));

    const support = await createStaff(t(), { role: 'support' });
    const supportBrowser = new Browser(server.base);
    await supportBrowser.mutation('admin.logIn', { email: support.email, password: PASSWORD });
    const forbidden = await supportBrowser.mutation('admin.risk.rules.publish', {
      baseVersion: live.version,
      ruleSet: { rules: [] },
    });
    expect(forbidden.body.error?.data.code).toBe('forbidden');

    const bad = await admin.mutation('admin.risk.rules.publish', {
      baseVersion: live.version,
      ruleSet: {
        rules: [
          { id: 'x_rule', feature: 'shoe_size', op: 'gt', value: 1, action: 'reject', reason: 'x' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data.code).toBe('validation_failed');

    const stale = await admin.mutation('admin.risk.rules.publish', {
      baseVersion: live.version - 1,
      ruleSet: { rules: [] },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.data.code).toBe('risk_rules_stale');
    expect(data<{ version: number }>(await admin.query('admin.risk.rules.get')).version).toBe(
      live.version,
    );

    const next = await publishRules({
      rules: [
        {
          id: 'velocity_24h',
          feature: 'shopper_attempts_24h',
          op: 'gt',
          value: 50,
          action: 'review',
          reason: 'velocity_24h',
        },
      ],
    });
    expect(next).toBe(live.version + 1);
    const versions = data<{ version: number; createdByName: string | null }[]>(
      await admin.query('admin.risk.rules.versions', { limit: 200 }),
    );
    expect(versions[0]?.version).toBe(next);
    // Who published, in words (a staff member without a name: the email).
    expect(versions[0]?.createdByName).toBe(adminEmail);
    const [audit] = await t()
      .database.db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'risk.rules.publish'), eq(auditLog.targetId, String(next))));
    expect(audit?.before).toMatchObject({ version: live.version });
    expect(audit?.after).toMatchObject({
      version: next,
      rules: { rules: [{ id: 'velocity_24h' }] },
    });

    const decisions = await admin.query('admin.risk.decisions', { limit: 5 });
    expect(decisions.status).toBe(200);
  });
});

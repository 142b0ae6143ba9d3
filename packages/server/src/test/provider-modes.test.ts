import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardSetups,
  type Mode,
  orders,
  payouts,
  providerPayments,
  reconSettlementLines,
  savedCards,
  withdrawals,
} from '../db/schema/index.js';
import { handleProviderNotification } from '../domains/checkout/handle-provider-notification.js';
import { createTransfer } from '../domains/ledger/index.js';
import { registerProvider, updateProvider } from '../domains/providers/manage-providers.js';
import { createProviderRegistry } from '../domains/providers/registry.js';
import { importSettlementFile } from '../domains/reconciliation/import-settlement-file.js';
import { isAppError } from '../errors.js';
import { newId } from '../infra/id.js';
import { createSandboxProvider, type SandboxProvider } from '../sandbox/create-sandbox-provider.js';
import { signSandboxNotification } from '../sandbox/sign-notification.js';
import { useTestEnv } from './harness.js';
import {
  Browser,
  type CallResult,
  createMerchant,
  identityFor,
  issueApiKey,
  SYSTEM,
} from './identity.js';
import {
  balanceOf,
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentShopper,
  signMerchantJwtFor,
  startPaymentServer,
  submitSandboxCard,
  type TestMerchant,
  type TestShopper,
  waitUntil,
} from './payments.js';

/**
 * Test money never becomes live money: every money path × {test, live} × {the sandbox (test
 * only), a live provider}. The live provider is a second instance of the sandbox server spoken to
 * through the generic `http` provider adapter, registered in the providers registry with
 * `modes: live`, the way an operator would register a real provider speaking the same protocol.
 */
const t = useTestEnv(PAYMENT_TEST_ENV);
const SANDBOX_SECRET = 'sandbox-provider-test-secret';
const ACME_SECRET = 'acme-live-provider-test-secret';
const CARD = '4242424242424242';
const IBAN = { iban: 'DE89370400440532013000' };
const MODES_UNDER_TEST: Mode[] = ['test', 'live'];
const PROVIDERS = ['sandbox', 'acme'] as const;
type ProviderName = (typeof PROVIDERS)[number];
/** Which mode each provider serves: the sandbox test only, acme (registered so) live only. */
const SERVES: Record<ProviderName, Mode> = { sandbox: 'test', acme: 'live' };

let sandbox: SandboxProvider;
let acme: SandboxProvider;
let acmeId: string;
let server: PaymentServer;
let merchantId: string;
const merchantApi = {} as Record<Mode, Omit<TestMerchant, 'webhookSecret'>>;

function data<T>(res: CallResult | { body: { result?: { data: unknown } } }): T {
  if (!res.body.result) throw new Error(`no result: ${JSON.stringify(res.body)}`);
  return res.body.result.data as T;
}

function expectMismatch(res: { status: number; body: unknown }) {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(JSON.stringify(res.body)).toContain('provider_mode_mismatch');
}

/** Funds an account from a provider's clearing account, as a settled deposit would. */
async function fund(accountId: string, mode: Mode, amount: number) {
  const clearing = await server.services.accounts.providerClearing('seed', 'EUR', mode);
  await createTransfer({
    writer: server.writer,
    idempotencyKey: `fund:${accountId}:${randomUUID()}`,
    debitAccountId: clearing,
    creditAccountId: accountId,
    amount,
    currency: 'EUR',
    kind: 'deposit',
  });
}

async function order(mode: Mode, amount = 1_500) {
  const created = await merchantApi[mode].call('mutation', 'orders.create', orderInput({ amount }));
  return data<{ order: { id: string }; checkout: { token: string } }>(created);
}

async function orderRow(id: string) {
  const [row] = await t().database.db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error('no order');
  return row;
}

async function merchantBalance(mode: Mode) {
  return balanceOf(t(), await server.services.accounts.merchantBalance(merchantId, 'EUR', mode));
}

async function walletBalance(shopper: TestShopper, mode: Mode) {
  return balanceOf(t(), await server.services.accounts.wallet(shopper.userId, 'EUR', mode));
}

/** A card saved through `provider`'s set-up page, in the mode that provider serves. */
async function saveCard(shopper: TestShopper, provider: ProviderName) {
  const started = await shopper.browser.mutation('cards.startSetup', {
    provider,
    mode: SERVES[provider],
  });
  const { redirectUrl } = data<{ redirectUrl: string }>(started);
  expect((await submitSandboxCard(redirectUrl, CARD)).status).toBe(303);
  return waitUntil(
    async () =>
      data<{ id: string; provider: string; mode: Mode }[]>(
        await shopper.browser.query('cards.list'),
      ),
    (cards) => cards.some((c) => c.provider === provider),
    10_000,
  ).then((cards) => {
    const card = cards.find((c) => c.provider === provider);
    if (!card) throw new Error('no card');
    return card;
  });
}

beforeAll(async () => {
  sandbox = createSandboxProvider({
    secret: SANDBOX_SECRET,
    logger: t().logger,
    lateDelayMs: 1_000,
  });
  acme = createSandboxProvider({ secret: ACME_SECRET, logger: t().logger, lateDelayMs: 1_000 });
  await Promise.all([sandbox.listen(0, '127.0.0.1'), acme.listen(0, '127.0.0.1')]);
  server = await startPaymentServer(t(), {
    providers: createProviderRegistry({
      sandbox: { baseUrl: () => sandbox.url, secret: SANDBOX_SECRET },
    }),
    onNotification: handleProviderNotification,
  });
  server.services.config.apiUrl = server.base;
  const identity = identityFor(t());
  const registered = await registerProvider({
    db: t().database.db,
    actor: SYSTEM,
    masterKey: identity.config.masterKey,
    registry: server.services.providers,
    name: 'acme',
    displayName: 'Acme Payments (live)',
    kind: 'gateway',
    adapter: 'http',
    config: { baseUrl: acme.url, modes: 'live' },
    secrets: { secret: ACME_SECRET },
    enabled: true,
  });
  acmeId = registered.id;
  server.services.providerGate.invalidate();
  await server.services.providerGate.sync();
  expect(server.services.providers.get('acme')?.modes).toEqual(['live']);
  expect(server.services.providers.get('sandbox')?.modes).toEqual(['test']);

  ({ merchantId } = await createMerchant(t()));
  for (const mode of MODES_UNDER_TEST) {
    const { secret } = await issueApiKey(t(), { merchantId, mode });
    merchantApi[mode] = await signMerchantJwtFor(server.base, merchantId, secret);
  }
  await identity.merchants.invalidate(merchantId);
});

afterAll(async () => {
  await Promise.all([sandbox.close(), acme.close()]);
  await server.stop();
});

const MATRIX = MODES_UNDER_TEST.flatMap((mode) =>
  PROVIDERS.map((provider) => ({ mode, provider, allowed: SERVES[provider] === mode })),
);

describe('every money path refuses a provider that does not serve the money’s mode', () => {
  it.each(MATRIX)(
    'order payment: $mode order via $provider (allowed: $allowed)',
    async ({ mode, provider, allowed }) => {
      const { order: created, checkout } = await order(mode);
      const before = await merchantBalance(mode);
      const guest = new Browser(server.base);
      const opened = data<{ providers: string[] }>(
        await guest.query('checkout.open', { token: checkout.token }),
      );
      // The checkout offers exactly the providers that serve the order's mode.
      expect(opened.providers).toEqual([PROVIDERS.find((p) => SERVES[p] === mode)]);
      const res = await guest.mutation('checkout.payWithProvider', {
        token: checkout.token,
        provider,
      });
      if (!allowed) {
        expectMismatch(res);
        const payments = await t()
          .database.db.select()
          .from(providerPayments)
          .where(eq(providerPayments.orderId, created.id));
        expect(payments).toEqual([]);
        expect(await orderRow(created.id)).toMatchObject({
          status: 'created',
          providerPaymentId: null,
        });
        expect(await merchantBalance(mode)).toBe(before);
        return;
      }
      const { redirectUrl } = data<{ redirectUrl: string }>(res);
      expect(redirectUrl.startsWith((provider === 'acme' ? acme : sandbox).url)).toBe(true);
      expect((await submitSandboxCard(redirectUrl, CARD)).status).toBe(303);
      await waitUntil(
        () => orderRow(created.id),
        (r) => r.status === 'checkout_success',
        10_000,
      );
      expect(await merchantBalance(mode)).toBe(before + 1_500);
    },
  );

  it.each(MATRIX)(
    'card set-up: $mode card via $provider (allowed: $allowed)',
    async ({ mode, provider, allowed }) => {
      const shopper = await paymentShopper(t(), server, 0);
      const res = await shopper.browser.mutation('cards.startSetup', { provider, mode });
      const setups = await t()
        .database.db.select()
        .from(cardSetups)
        .where(eq(cardSetups.userId, shopper.userId));
      if (!allowed) {
        expectMismatch(res);
        expect(setups).toEqual([]);
        return;
      }
      expect(data<{ redirectUrl: string }>(res).redirectUrl).toContain('http');
      expect(setups.map((s) => [s.provider, s.mode])).toEqual([[provider, mode]]);
    },
  );

  it.each(MATRIX)(
    'deposit: into the $mode wallet from a $provider card (allowed: $allowed)',
    async ({ mode, provider, allowed }) => {
      const shopper = await paymentShopper(t(), server, 0);
      const card = await saveCard(shopper, provider);
      expect(card.mode).toBe(SERVES[provider]);
      const res = await shopper.browser.mutation('wallet.deposit', {
        cardId: card.id,
        amount: 700,
        currency: 'EUR',
        mode,
      });
      const deposits = await t()
        .database.db.select()
        .from(providerPayments)
        .where(
          and(eq(providerPayments.userId, shopper.userId), eq(providerPayments.purpose, 'deposit')),
        );
      if (!allowed) {
        expectMismatch(res);
        expect(deposits).toEqual([]);
        expect(await walletBalance(shopper, mode)).toBe(0);
        expect(await walletBalance(shopper, SERVES[provider])).toBe(0);
        return;
      }
      expect(data<{ status: string; mode: Mode }>(res)).toMatchObject({
        status: 'succeeded',
        mode,
      });
      expect(await walletBalance(shopper, mode)).toBe(700);
    },
  );

  it.each(MATRIX)(
    'withdrawal: from the $mode wallet via $provider (allowed: $allowed)',
    async ({ mode, provider, allowed }) => {
      const shopper = await paymentShopper(t(), server, 0);
      await fund(await server.services.accounts.wallet(shopper.userId, 'EUR', mode), mode, 2_000);
      const res = await shopper.browser.mutation('wallet.withdraw', {
        amount: 800,
        currency: 'EUR',
        provider,
        mode,
        destination: IBAN,
      });
      const rows = await t()
        .database.db.select()
        .from(withdrawals)
        .where(eq(withdrawals.userId, shopper.userId));
      if (!allowed) {
        expectMismatch(res);
        expect(rows).toEqual([]);
        expect(await walletBalance(shopper, mode)).toBe(2_000);
        return;
      }
      expect(data<{ status: string; mode: Mode }>(res)).toMatchObject({ status: 'paid', mode });
      expect(await walletBalance(shopper, mode)).toBe(1_200);
    },
  );

  it.each(MATRIX)(
    'payout: of the $mode merchant balance via $provider (allowed: $allowed)',
    async ({ mode, provider, allowed }) => {
      const account = await server.services.accounts.merchantBalance(merchantId, 'EUR', mode);
      await fund(account, mode, 1_000);
      const before = await balanceOf(t(), account);
      const existing = await t()
        .database.db.select()
        .from(payouts)
        .where(eq(payouts.merchantId, merchantId));
      const res = await merchantApi[mode].call('mutation', 'payouts.create', {
        amount: 600,
        currency: 'EUR',
        provider,
        destination: IBAN,
      });
      const rows = await t()
        .database.db.select()
        .from(payouts)
        .where(eq(payouts.merchantId, merchantId));
      if (!allowed) {
        expectMismatch(res);
        expect(rows.length).toBe(existing.length);
        expect(await balanceOf(t(), account)).toBe(before);
        return;
      }
      expect(data<{ status: string }>(res).status).toBe('paid');
      expect(await balanceOf(t(), account)).toBe(before - 600);
    },
  );
});

/** POSTs a notification to `/providers/<provider>/notify`, signed with `secret`. */
async function notify(provider: string, secret: string, body: Record<string, unknown>) {
  const raw = JSON.stringify(body);
  const res = await fetch(`${server.base}/providers/${provider}/notify`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'sandbox-signature': signSandboxNotification({ secret, body: raw }),
    },
    body: raw,
  });
  return { status: res.status, body: await res.text() };
}

describe('notifications and recorded money keep to the provider’s modes', () => {
  it('a sandbox notification for a live payment recorded at the sandbox (an old row) moves nothing', async () => {
    const { order: created } = await order('live');
    const paymentId = newId('pp');
    // What the exploit left behind: a live order's payment recorded against the sandbox.
    await t().database.db.insert(providerPayments).values({
      id: paymentId,
      provider: 'sandbox',
      purpose: 'order',
      orderId: created.id,
      merchantId,
      mode: 'live',
      amount: 1_500,
      currency: 'EUR',
      providerRef: 'pay_legacy_1',
    });
    const before = await merchantBalance('live');
    const res = await notify('sandbox', SANDBOX_SECRET, {
      type: 'payment.succeeded',
      notificationId: 'ntf_legacy_1',
      providerRef: 'pay_legacy_1',
      paymentId,
      amount: 1_500,
      currency: 'EUR',
    });
    expect(res.status).toBe(422);
    expect(res.body).toContain('provider_mode_mismatch');
    expect(await orderRow(created.id)).toMatchObject({ status: 'created' });
    const [payment] = await t()
      .database.db.select()
      .from(providerPayments)
      .where(eq(providerPayments.id, paymentId));
    expect(payment?.status).toBe('created');
    expect(await merchantBalance('live')).toBe(before);
  });

  it('the sandbox cannot settle a live provider’s payment with its own signature', async () => {
    const { order: created, checkout } = await order('live');
    const guest = new Browser(server.base);
    const started = data<{ paymentId: string }>(
      await guest.mutation('checkout.payWithProvider', { token: checkout.token, provider: 'acme' }),
    );
    const [payment] = await t()
      .database.db.select()
      .from(providerPayments)
      .where(eq(providerPayments.id, started.paymentId));
    if (!payment?.providerRef) throw new Error('no payment');
    const before = await merchantBalance('live');
    const res = await notify('sandbox', SANDBOX_SECRET, {
      type: 'payment.succeeded',
      notificationId: 'ntf_cross_1',
      providerRef: payment.providerRef,
      paymentId: payment.id,
      amount: 1_500,
      currency: 'EUR',
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('provider_payload_invalid');
    expect(await orderRow(created.id)).toMatchObject({ status: 'created' });
    expect(await merchantBalance('live')).toBe(before);
  });

  it('a card set-up recorded live at the sandbox (an old row) saves no card', async () => {
    const shopper = await paymentShopper(t(), server, 0);
    const setupId = newId('cst');
    await t()
      .database.db.insert(cardSetups)
      .values({ id: setupId, userId: shopper.userId, provider: 'sandbox', mode: 'live' });
    const res = await notify('sandbox', SANDBOX_SECRET, {
      type: 'card.tokenized',
      notificationId: 'ntf_card_1',
      providerRef: 'cs_legacy_1',
      setupId,
      userId: shopper.userId,
      token: 'tok_legacy_live_1',
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2034,
    });
    expect(res.status).toBe(422);
    const cards = await t()
      .database.db.select()
      .from(savedCards)
      .where(eq(savedCards.userId, shopper.userId));
    expect(cards).toEqual([]);
  });

  it('a live deposit from a card recorded live at the sandbox (an old row) is refused', async () => {
    const shopper = await paymentShopper(t(), server, 0);
    const cardId = newId('crd');
    await t()
      .database.db.insert(savedCards)
      .values({
        id: cardId,
        userId: shopper.userId,
        provider: 'sandbox',
        mode: 'live',
        providerToken: `tok_${cardId}`,
        brand: 'visa',
        last4: '4242',
        expMonth: 12,
        expYear: 2034,
      });
    const res = await shopper.browser.mutation('wallet.deposit', {
      cardId,
      amount: 500,
      currency: 'EUR',
    });
    expectMismatch(res);
    expect(await walletBalance(shopper, 'live')).toBe(0);
  });
});

describe('settlement imports keep to the provider’s records and modes', () => {
  async function paymentRow(provider: 'sandbox' | 'acme', mode: Mode) {
    const { order: created } = await order(mode);
    const id = newId('pp');
    await t()
      .database.db.insert(providerPayments)
      .values({
        id,
        provider,
        purpose: 'order',
        orderId: created.id,
        merchantId,
        mode,
        amount: 1_500,
        currency: 'EUR',
        providerRef: `ref_${id}`,
        status: 'succeeded',
      });
    return id;
  }
  const csv = (reference: string) =>
    `provider_ref,reference,type,amount,currency,fee,settled_at\nref_${reference},${reference},payment,1500,EUR,0,2026-12-01T10:00:00Z\n`;
  async function importAs(reference: string) {
    return importSettlementFile({
      db: t().database.db,
      provider: 'sandbox',
      csv: csv(reference),
      modes: server.services.providers.get('sandbox')?.modes,
    }).catch((e: unknown) => e);
  }
  async function linesFor(reference: string) {
    return t()
      .database.db.select()
      .from(reconSettlementLines)
      .where(eq(reconSettlementLines.reference, reference));
  }

  it('a sandbox file cannot confirm a live provider’s payment, nor live money recorded at the sandbox', async () => {
    for (const reference of [
      await paymentRow('acme', 'live'),
      await paymentRow('sandbox', 'live'),
    ]) {
      const result = await importAs(reference);
      expect(isAppError(result) && result.code).toBe('provider_mode_mismatch');
      expect(await linesFor(reference)).toEqual([]);
    }
    const own = await paymentRow('sandbox', 'test');
    expect(await importAs(own)).toMatchObject({ lines: 1, inserted: 1 });
    expect(await linesFor(own)).toHaveLength(1);
  });
});

describe('the providers registry binds providers to modes', () => {
  it('the sandbox cannot be registered or reconfigured as live, under any adapter', async () => {
    const identity = identityFor(t());
    const base = {
      db: t().database.db,
      actor: SYSTEM,
      masterKey: identity.config.masterKey,
      registry: server.services.providers,
      displayName: 'x',
      kind: 'gateway' as const,
      secrets: { secret: SANDBOX_SECRET },
      enabled: true,
    };
    const attempts: { name: string; adapter: string; config: Record<string, string> }[] = [
      { name: 'sandbox2', adapter: 'sandbox', config: { modes: 'test,live' } },
      { name: 'sandbox', adapter: 'http', config: { baseUrl: sandbox.url, modes: 'live' } },
    ];
    for (const attempt of attempts) {
      const error = await registerProvider({ ...base, ...attempt }).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('provider_mode_mismatch');
    }
    const error = await updateProvider({
      ...base,
      providerId: 'prv_sandbox',
      patch: { config: { modes: 'live' } },
    }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('provider_mode_mismatch');
    expect(server.services.providers.get('sandbox')?.modes).toEqual(['test']);
  });

  it('a live order offers only the wallet while no live provider is enabled', async () => {
    const identity = identityFor(t());
    const toggle = (enabled: boolean) =>
      updateProvider({
        db: t().database.db,
        actor: SYSTEM,
        masterKey: identity.config.masterKey,
        registry: server.services.providers,
        providerId: acmeId,
        patch: { enabled },
      });
    await toggle(false);
    server.services.providerGate.invalidate();
    try {
      const { checkout } = await order('live');
      const guest = new Browser(server.base);
      const opened = data<{ providers: string[] }>(
        await guest.query('checkout.open', { token: checkout.token }),
      );
      expect(opened.providers).toEqual([]);
      const res = await guest.mutation('checkout.payWithProvider', {
        token: checkout.token,
        provider: 'sandbox',
      });
      expectMismatch(res);
    } finally {
      await toggle(true);
      server.services.providerGate.invalidate();
    }
  });
});

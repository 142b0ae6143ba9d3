import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardSetups,
  idempotencyKeys,
  ledgerTransfers,
  providerPayments,
  savedCards,
  withdrawals,
} from '../db/schema/index.js';
import { handleProviderNotification } from '../domains/checkout/handle-provider-notification.js';
import { createProviderRegistry } from '../domains/providers/registry.js';
import { checkStuck } from '../jobs/check-stuck.js';
import { createSandboxProvider, type SandboxProvider } from '../sandbox/create-sandbox-provider.js';
import { signSandboxNotification } from '../sandbox/sign-notification.js';
import { useTestEnv } from './harness.js';
import type { CallResult } from './identity.js';
import {
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentShopper,
  startPaymentServer,
  type TestShopper,
} from './payments.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
const SECRET = 'sandbox-provider-test-secret';
let sandbox: SandboxProvider;
let server: PaymentServer;
/** Points the adapter at a closed port, to play a provider that does not answer. */
let providerDown = false;

const CARDS = {
  success: '4242424242424242',
  decline: '4000000000000002',
  duplicate: '4000000000000036',
};
const IBAN = { iban: 'DE89370400440532013000' };

function data<T>(res: CallResult): T {
  if (!res.body.result) throw new Error(`no result: ${JSON.stringify(res.body)}`);
  return res.body.result.data as T;
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

type Card = { id: string; brand: string; last4: string; provider: string };

async function cardsOf(shopper: TestShopper): Promise<Card[]> {
  return data<Card[]>(await shopper.browser.query('cards.list'));
}

/** The shopper saves a card through the provider: set-up, the provider's page, its notification. */
async function saveCard(shopper: TestShopper, number: string): Promise<Card> {
  const before = (await cardsOf(shopper)).length;
  const started = await shopper.browser.mutation('cards.startSetup', {});
  const { redirectUrl } = data<{ setupId: string; redirectUrl: string }>(started);
  expect(redirectUrl.startsWith(sandbox.url)).toBe(true);
  expect((await fetch(redirectUrl)).status).toBe(200);
  const submitted = await fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ number, expiry: '12/34', cvc: '123', name: 'Ada Lovelace' }),
    redirect: 'manual',
  });
  expect(submitted.status).toBe(303);
  const cards = await until(
    () => cardsOf(shopper),
    (list) => list.length > before,
  );
  const [card] = cards;
  if (!card) throw new Error('no card');
  return card;
}

type Balance = {
  currency: string;
  mode: string;
  balance: number;
  pending: number;
  available: number;
};

async function walletOf(shopper: TestShopper): Promise<Balance> {
  const list = data<Balance[]>(await shopper.browser.query('wallet.balance'));
  const eur = list.find((b) => b.currency === 'EUR' && b.mode === 'test');
  if (!eur) throw new Error(`no EUR wallet: ${JSON.stringify(list)}`);
  return eur;
}

function deposit(
  shopper: TestShopper,
  cardId: string,
  amount: number,
  headers: Record<string, string> = {},
) {
  return shopper.browser.mutation('wallet.deposit', { cardId, amount, currency: 'EUR' }, headers);
}

function withdraw(
  shopper: TestShopper,
  amount: number,
  destination: Record<string, string> = IBAN,
  headers: Record<string, string> = {},
) {
  return shopper.browser.mutation(
    'wallet.withdraw',
    { amount, currency: 'EUR', destination },
    headers,
  );
}

/** A logged-in shopper whose wallet was funded by a real card deposit. */
async function fundedShopper(amount: number): Promise<TestShopper> {
  const shopper = await paymentShopper(t(), server, 0);
  const card = await saveCard(shopper, CARDS.success);
  expect(data<{ status: string }>(await deposit(shopper, card.id, amount)).status).toBe(
    'succeeded',
  );
  return shopper;
}

async function withdrawalRows(userId: string) {
  return t().database.db.select().from(withdrawals).where(eq(withdrawals.userId, userId));
}

beforeAll(async () => {
  sandbox = createSandboxProvider({
    secret: SECRET,
    logger: t().logger,
    lateDelayMs: 1_000,
    notifyRetryDelaysMs: [200, 500, 1_000, 2_000],
  });
  await sandbox.listen(0, '127.0.0.1');
  server = await startPaymentServer(t(), {
    providers: createProviderRegistry({
      sandbox: {
        baseUrl: () => (providerDown ? 'http://127.0.0.1:1' : sandbox.url),
        secret: SECRET,
        timeoutMs: 2_000,
      },
    }),
    onNotification: handleProviderNotification,
  });
  server.services.config.apiUrl = server.base;
});

afterAll(async () => {
  await sandbox.close();
  await server.stop();
});

describe('shopper cards through the provider', () => {
  it('saves a card from the provider set-up with brand and last four, and no card number anywhere', async () => {
    const shopper = await paymentShopper(t(), server, 0);
    const card = await saveCard(shopper, CARDS.success);
    expect(card).toMatchObject({ provider: 'sandbox', brand: 'visa', last4: '4242' });
    const listed = await shopper.browser.query('cards.list');
    expect(JSON.stringify(listed.body)).not.toContain('tok_');
    const [setup] = await t()
      .database.db.select()
      .from(cardSetups)
      .where(eq(cardSetups.userId, shopper.userId));
    expect(setup).toMatchObject({ status: 'succeeded', savedCardId: card.id });
    // Not in any column of any table: saved cards, set-ups, events, audit, idempotency records.
    const [tables] = await t().database.pool.query('SHOW TABLES');
    for (const row of tables as Record<string, string>[]) {
      const table = Object.values(row)[0];
      const [rows] = await t().database.pool.query(`SELECT * FROM \`${table}\``);
      expect(JSON.stringify(rows), table).not.toContain(CARDS.success);
    }
  });

  it('the client cannot add a card itself', async () => {
    const shopper = await paymentShopper(t(), server, 0);
    const added = await shopper.browser.mutation('cards.add', {
      provider: 'sandbox',
      providerToken: 'tok_forged_0123456789',
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2034,
    });
    expect(added.status).toBe(404);
    expect(await cardsOf(shopper)).toEqual([]);
  });

  it('a signed card.tokenized naming another shopper, or an unknown set-up, attaches nothing', async () => {
    const victim = await paymentShopper(t(), server, 0);
    const attacker = await paymentShopper(t(), server, 0);
    const { setupId } = data<{ setupId: string }>(
      await victim.browser.mutation('cards.startSetup', {}),
    );
    const [setup] = await t()
      .database.db.select()
      .from(cardSetups)
      .where(eq(cardSetups.id, setupId));
    const notify = (payload: Record<string, unknown>) => {
      const body = JSON.stringify({
        notificationId: `ntf_forged_${Math.random().toString(36).slice(2)}`,
        createdAt: new Date().toISOString(),
        type: 'card.tokenized',
        providerRef: setup?.providerRef,
        setupId,
        userId: victim.userId,
        token: 'tok_forged_0123456789',
        brand: 'visa',
        last4: '4242',
        expMonth: 12,
        expYear: 2034,
        ...payload,
      });
      return fetch(`${server.base}/providers/sandbox/notify`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'sandbox-signature': signSandboxNotification({ secret: SECRET, body }),
        },
        body,
      });
    };
    const cases = [
      { userId: attacker.userId },
      { setupId: 'cst_doesnotexist000000000' },
      { providerRef: 'seti_someoneelse' },
    ];
    for (const payload of cases) {
      const res = await notify(payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'provider_payload_invalid',
      );
    }
    expect(await cardsOf(attacker)).toEqual([]);
    expect(await cardsOf(victim)).toEqual([]);
    const tokens = await t()
      .database.db.select()
      .from(savedCards)
      .where(eq(savedCards.providerToken, 'tok_forged_0123456789'));
    expect(tokens).toHaveLength(0);
    const [after] = await t()
      .database.db.select()
      .from(cardSetups)
      .where(eq(cardSetups.id, setupId));
    expect(after?.status).toBe('created');
  });
});

describe('deposits from a saved card', () => {
  it('credits once despite duplicate notifications and a replayed Idempotency-Key', async () => {
    const shopper = await paymentShopper(t(), server, 0);
    const card = await saveCard(shopper, CARDS.duplicate);
    // The set-up's own notification came three times too: still one card.
    await new Promise((r) => setTimeout(r, 300));
    expect(await cardsOf(shopper)).toHaveLength(1);

    const headers = { 'idempotency-key': `dep-${shopper.userId}` };
    const first = await deposit(shopper, card.id, 1_000, headers);
    const made = data<{ id: string; status: string; amount: number }>(first);
    expect(made).toMatchObject({ status: 'succeeded', amount: 1_000 });
    const again = await deposit(shopper, card.id, 1_000, headers);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(data<{ id: string }>(again).id).toBe(made.id);

    // All three deliveries of the payment notification land and are acknowledged.
    const record = [...sandbox.state.notifications.values()].find((n) => n.body.includes(made.id));
    if (!record) throw new Error('no notification');
    await until(
      async () => record.attempts.filter((a) => a.status === 200).length,
      (n) => n >= 3,
    );
    expect(await walletOf(shopper)).toMatchObject({ balance: 1_000, available: 1_000 });
    const payments = await t()
      .database.db.select()
      .from(providerPayments)
      .where(eq(providerPayments.userId, shopper.userId));
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ purpose: 'deposit', status: 'succeeded', mode: 'test' });
    const credits = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(and(eq(ledgerTransfers.reference, made.id), eq(ledgerTransfers.kind, 'deposit')));
    expect(credits).toHaveLength(1);
    const history = data<{ items: { kind: string; amount: number; balanceAfter: number }[] }>(
      await shopper.browser.query('wallet.history', { currency: 'EUR' }),
    );
    expect(history.items).toEqual([
      expect.objectContaining({ kind: 'deposit', amount: 1_000, balanceAfter: 1_000 }),
    ]);
  });

  it('a retry whose idempotency record is gone still deposits once; another amount under the key is refused', async () => {
    const shopper = await paymentShopper(t(), server, 0);
    const card = await saveCard(shopper, CARDS.success);
    const headers = { 'idempotency-key': 'dep-lost-record' };
    const made = data<{ id: string }>(await deposit(shopper, card.id, 700, headers));
    // As if the first answer never reached the client and its record expired or was never written.
    await t()
      .database.db.delete(idempotencyKeys)
      .where(eq(idempotencyKeys.scope, `shopper:${shopper.userId}`));
    const retried = await deposit(shopper, card.id, 700, headers);
    expect(data<{ id: string; status: string }>(retried)).toMatchObject({
      id: made.id,
      status: 'succeeded',
    });
    await t()
      .database.db.delete(idempotencyKeys)
      .where(eq(idempotencyKeys.scope, `shopper:${shopper.userId}`));
    const other = await deposit(shopper, card.id, 900, headers);
    expect(other.body.error?.data.code).toBe('idempotency_key_reused');
    expect(await walletOf(shopper)).toMatchObject({ balance: 700 });
  });

  it('a declined card is a typed error and moves nothing', async () => {
    const shopper = await paymentShopper(t(), server, 0);
    const card = await saveCard(shopper, CARDS.decline);
    const res = await deposit(shopper, card.id, 1_000);
    expect(res.status).toBe(422);
    expect(res.body.error?.data.code).toBe('deposit_declined');
    expect(res.body.error?.data.details).toMatchObject({ failureCode: 'card_declined' });
    expect(await walletOf(shopper)).toMatchObject({ balance: 0, pending: 0, available: 0 });
    const [payment] = await t()
      .database.db.select()
      .from(providerPayments)
      .where(eq(providerPayments.userId, shopper.userId));
    expect(payment).toMatchObject({ status: 'failed', failureCode: 'card_declined' });
    const credits = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(eq(ledgerTransfers.reference, payment?.id ?? ''));
    expect(credits).toHaveLength(0);
  });

  it('another shopper cannot use my card id', async () => {
    const owner = await paymentShopper(t(), server, 0);
    const card = await saveCard(owner, CARDS.success);
    const thief = await paymentShopper(t(), server, 0);
    const res = await deposit(thief, card.id, 5_000);
    expect(res.status).toBe(404);
    expect(res.body.error?.data.code).toBe('card_not_found');
    const removed = await thief.browser.mutation('cards.remove', { cardId: card.id });
    expect(removed.body.error?.data.code).toBe('not_found');
    expect(await walletOf(thief)).toMatchObject({ balance: 0 });
    const charged = await t()
      .database.db.select()
      .from(providerPayments)
      .where(eq(providerPayments.savedCardId, card.id));
    expect(charged).toHaveLength(0);
    expect(await cardsOf(owner)).toHaveLength(1);
  });
});

describe('withdrawals', () => {
  it('pays out within the balance, once per Idempotency-Key; mutations need the CSRF token', async () => {
    const shopper = await fundedShopper(5_000);
    const noCsrf = await withdraw(shopper, 2_000, IBAN, { 'x-csrf-token': 'wrong' });
    expect(noCsrf.body.error?.data.code).toBe('csrf_invalid');

    const headers = { 'idempotency-key': 'withdraw-1' };
    const first = data<{ id: string; status: string }>(
      await withdraw(shopper, 2_000, IBAN, headers),
    );
    expect(first.status).toBe('paid');
    const again = await withdraw(shopper, 2_000, IBAN, headers);
    expect(data<{ id: string }>(again).id).toBe(first.id);
    expect(await walletOf(shopper)).toMatchObject({ balance: 3_000, pending: 0, available: 3_000 });
    const rows = await withdrawalRows(shopper.userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'paid', amount: 2_000 });
    expect(rows[0]?.providerPayoutId).toMatch(/^po_/);
    const [transfer] = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(eq(ledgerTransfers.id, rows[0]?.transferId ?? ''));
    expect(transfer).toMatchObject({ status: 'posted', kind: 'withdrawal', amount: 2_000 });
  });

  it('refuses a withdrawal beyond the balance and moves nothing', async () => {
    const shopper = await fundedShopper(1_000);
    const res = await withdraw(shopper, 1_500);
    expect(res.status).toBe(422);
    expect(res.body.error?.data.code).toBe('insufficient_funds');
    expect(await walletOf(shopper)).toMatchObject({ balance: 1_000, pending: 0, available: 1_000 });
    expect(await withdrawalRows(shopper.userId)).toHaveLength(0);
  });

  it('concurrent withdrawals never overdraw: 6 x 3,000 on 10,000 pays exactly 3', async () => {
    const shopper = await fundedShopper(10_000);
    const results = await Promise.all(Array.from({ length: 6 }, () => withdraw(shopper, 3_000)));
    const paid = results.filter(
      (r) => r.status === 200 && data<{ status: string }>(r).status === 'paid',
    );
    expect(paid).toHaveLength(3);
    expect(results.filter((r) => r.body.error?.data.code === 'insufficient_funds')).toHaveLength(3);
    expect(await walletOf(shopper)).toMatchObject({ balance: 1_000, pending: 0, available: 1_000 });
    const rows = await withdrawalRows(shopper.userId);
    expect(rows.map((r) => r.status)).toEqual(['paid', 'paid', 'paid']);
  });

  it('a payout the provider refuses is voided and the money is available again', async () => {
    const shopper = await fundedShopper(4_000);
    const res = data<{ status: string; failureCode: string }>(
      await withdraw(shopper, 3_000, { iban: 'fail' }),
    );
    expect(res).toMatchObject({ status: 'failed', failureCode: 'destination_refused' });
    expect(await walletOf(shopper)).toMatchObject({ balance: 4_000, pending: 0, available: 4_000 });
    const [row] = await withdrawalRows(shopper.userId);
    const [transfer] = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(eq(ledgerTransfers.id, row?.transferId ?? ''));
    expect(transfer?.status).toBe('voided');
    // Freed money can be withdrawn.
    expect(data<{ status: string }>(await withdraw(shopper, 4_000)).status).toBe('paid');
  });

  it('stays pending (money reserved) while the provider does not answer; the stuck checker settles it', async () => {
    const shopper = await fundedShopper(2_000);
    providerDown = true;
    let pending: { id: string; status: string };
    try {
      pending = data<{ id: string; status: string }>(await withdraw(shopper, 1_500));
    } finally {
      providerDown = false;
    }
    expect(pending.status).toBe('pending');
    expect(await walletOf(shopper)).toMatchObject({
      balance: 2_000,
      pending: 1_500,
      available: 500,
    });
    expect((await withdraw(shopper, 1_000)).body.error?.data.code).toBe('insufficient_funds');
    const later = new Date(Date.now() + server.services.config.providerNoAnswerMs + 1_000);
    const report = await checkStuck({ services: server.services, now: later });
    expect(report.withdrawalsSettled).toBeGreaterThanOrEqual(1);
    const [row] = await t()
      .database.db.select()
      .from(withdrawals)
      .where(eq(withdrawals.id, pending.id));
    expect(row?.status).toBe('paid');
    expect(await walletOf(shopper)).toMatchObject({ balance: 500, pending: 0, available: 500 });
  });
});

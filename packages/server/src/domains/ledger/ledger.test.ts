import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ledgerAccounts, ledgerTransfers, outboxEvents } from '../../db/schema/index.js';
import { outbox } from '../../events/index.js';
import { type TestEnv, useTestEnv } from '../../test/harness.js';
import { fundedWallet, merchantAccount, testWriter, uniqueOwner } from '../../test/ledger.js';
import type { ZTransferChange } from './events.js';
import {
  closeAccount,
  createLedgerWriter,
  createLinkedTransfers,
  createTransfer,
  getBalance,
  getTransfer,
  type LedgerWriter,
  listPostings,
  openAccount,
  openSystemAccount,
  postTransfer,
  verifyLedger,
  voidExpiredTransfers,
  voidTransfer,
} from './index.js';

type TransferChange = z.infer<typeof ZTransferChange>;

let n = 0;
const key = (label: string) => `${label}:${++n}:${Math.random().toString(36).slice(2)}`;

describe('ledger', () => {
  const getT = useTestEnv();
  let t: TestEnv;
  let writer: LedgerWriter;
  beforeAll(() => {
    t = getT();
    writer = testWriter(t);
  });
  afterAll(async () => {
    await writer.stop();
    const report = await verifyLedger({ pool: getT().database.pool });
    expect(report.invariants.filter((i) => !i.ok)).toEqual([]);
  });

  /** The changes of one transfer the outbox carries, in commit order, as [status, amount, reason]. */
  async function changesOf(transferId: string) {
    const events = await t.database.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.type, 'ledger.transfers_committed'))
      .orderBy(outboxEvents.seq);
    return events.flatMap((e) =>
      (e.payload as { transfers: TransferChange[] }).transfers
        .filter((c) => c.transferId === transferId)
        .map((c) => [c.status, c.postedAmount ?? c.amount, c.reason]),
    );
  }

  async function balances(...ids: string[]) {
    return Promise.all(
      ids.map(async (id) => (await getBalance({ db: t.database.db, accountId: id })).balance),
    );
  }

  describe('accounts', () => {
    it('opens one account per owner, kind, currency and mode, even when opened concurrently', async () => {
      const owner = uniqueOwner('usr');
      const opened = await Promise.all(
        Array.from({ length: 10 }, () =>
          openAccount({
            db: t.database.db,
            ownerType: 'shopper',
            ownerId: owner,
            kind: 'shopper_wallet',
            currency: 'EUR',
          }),
        ),
      );
      expect(new Set(opened.map((a) => a.id)).size).toBe(1);
      expect(opened[0]).toMatchObject({
        balance: 0,
        allowNegative: false,
        status: 'open',
        mode: 'test',
      });
      const usd = await openAccount({
        db: t.database.db,
        ownerType: 'shopper',
        ownerId: owner,
        kind: 'shopper_wallet',
        currency: 'USD',
      });
      expect(usd.id).not.toBe(opened[0]?.id);
      const live = await openAccount({
        db: t.database.db,
        ownerType: 'shopper',
        ownerId: owner,
        kind: 'shopper_wallet',
        currency: 'EUR',
        mode: 'live',
      });
      expect(live.id).not.toBe(opened[0]?.id);
      const events = await t.database.db
        .select()
        .from(outboxEvents)
        .where(eq(outboxEvents.aggregateId, opened[0]?.id ?? ''));
      expect(events.map((e) => e.type)).toEqual(['ledger.account_opened']);
    });

    it('system accounts may go negative; wallets and merchant balances may not', async () => {
      const fees = await openSystemAccount({
        db: t.database.db,
        kind: 'platform_fees',
        currency: 'EUR',
      });
      const clearing = await openSystemAccount({
        db: t.database.db,
        kind: 'provider_clearing',
        provider: 'sandbox',
        currency: 'EUR',
      });
      expect(fees.allowNegative).toBe(true);
      expect(clearing).toMatchObject({
        allowNegative: true,
        ownerType: 'provider',
        ownerId: 'sandbox',
      });
      expect((await merchantAccount(t)).allowNegative).toBe(false);
    });

    it('refuses a bad currency', async () => {
      await expect(
        openAccount({
          db: t.database.db,
          ownerType: 'shopper',
          ownerId: 'x',
          kind: 'shopper_wallet',
          currency: 'eur',
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', field: 'currency' });
    });
  });

  describe('single-phase transfers', () => {
    it('moves money, writes two postings with balances after, and an outbox event, atomically', async () => {
      const wallet = await fundedWallet(t, writer, 10_000);
      const merchant = await merchantAccount(t);
      const { transfer, replayed } = await createTransfer({
        writer,
        idempotencyKey: key('pay'),
        debitAccountId: wallet.id,
        creditAccountId: merchant.id,
        amount: 2_599,
        currency: 'EUR',
        kind: 'payment',
        reference: 'ord_123',
        metadata: { orderId: 'ord_123' },
      });
      expect(replayed).toBe(false);
      expect(transfer).toMatchObject({
        status: 'posted',
        amount: 2_599,
        postedAmount: 2_599,
        reference: 'ord_123',
      });
      expect(await balances(wallet.id, merchant.id)).toEqual([7_401, 2_599]);
      const history = await listPostings({ db: t.database.db, accountId: wallet.id });
      expect(history.items.map((p) => [p.amount, p.balanceAfter])).toEqual([
        [-2_599, 7_401],
        [10_000, 10_000],
      ]);
      const stored = await getTransfer({ db: t.database.db, transferId: transfer.id });
      expect(stored).toMatchObject({
        id: transfer.id,
        metadata: { orderId: 'ord_123' },
        status: 'posted',
      });
      expect(await changesOf(transfer.id)).toEqual([['posted', 2_599, undefined]]);
    });

    it('a retry with the same key and content returns the first transfer; other content is refused', async () => {
      const wallet = await fundedWallet(t, writer, 1_000);
      const merchant = await merchantAccount(t);
      const spec = {
        writer,
        idempotencyKey: key('retry'),
        debitAccountId: wallet.id,
        creditAccountId: merchant.id,
        amount: 300,
        currency: 'EUR',
        kind: 'payment' as const,
      };
      const first = await createTransfer(spec);
      const again = await createTransfer(spec);
      expect(again).toEqual({ transfer: first.transfer, replayed: true });
      await expect(createTransfer({ ...spec, amount: 301 })).rejects.toMatchObject({
        code: 'idempotency_key_reused',
      });
      // The same key twice in one batch: one transfer.
      const k = key('same-batch');
      const [a, b] = await Promise.all([
        createTransfer({ ...spec, idempotencyKey: k }),
        createTransfer({ ...spec, idempotencyKey: k }),
      ]);
      expect(a.transfer.id).toBe(b.transfer.id);
      expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
      expect(await balances(wallet.id, merchant.id)).toEqual([400, 600]);
    });

    it('stores keys, references and metadata with quotes, backslashes and control characters exactly', async () => {
      const wallet = await fundedWallet(t, writer, 1_000);
      const merchant = await merchantAccount(t);
      const idempotencyKey = `${key('q')}'\\"--`;
      const reference = "it's a \\ back\nslash, a NUL \u0000 and Ctrl-Z \u001a, déjà vu 💸";
      const metadata = {
        note: 'O\'Brien \\ "quoted" \r\n',
        nested: { emoji: '💸', nul: '\u0000' },
      };
      const { transfer } = await createTransfer({
        writer,
        idempotencyKey,
        debitAccountId: wallet.id,
        creditAccountId: merchant.id,
        amount: 1,
        currency: 'EUR',
        kind: 'payment',
        reference,
        metadata,
      });
      expect(await getTransfer({ db: t.database.db, transferId: transfer.id })).toMatchObject({
        idempotencyKey,
        reference,
        metadata,
      });
      expect(await changesOf(transfer.id)).toEqual([['posted', 1, undefined]]);
    });

    it('idempotency keys are case-sensitive: keys differing only in case are two transfers', async () => {
      const wallet = await fundedWallet(t, writer, 1_000);
      const merchant = await merchantAccount(t);
      const k = key('Case');
      const pay = (idempotencyKey: string) =>
        createTransfer({
          writer,
          idempotencyKey,
          debitAccountId: wallet.id,
          creditAccountId: merchant.id,
          amount: 100,
          currency: 'EUR',
          kind: 'payment',
        });
      const first = await pay(k);
      // One in a later batch, two together in one batch.
      const [lower, upper] = await Promise.all([pay(k.toLowerCase()), pay(k.toUpperCase())]);
      const again = await pay(k.toLowerCase());
      expect(new Set([first, lower, upper].map((r) => r.transfer.id)).size).toBe(3);
      expect([first.replayed, lower.replayed, upper.replayed]).toEqual([false, false, false]);
      expect(again).toEqual({ transfer: lower.transfer, replayed: true });
      expect(await balances(wallet.id, merchant.id)).toEqual([700, 300]);
    });

    it.each([
      ['insufficient funds', { amount: 1_001 }, 'insufficient_funds', 'amount'],
      ['amount zero', { amount: 0 }, 'amount_not_positive', 'amount'],
      ['amount negative', { amount: -5 }, 'amount_not_positive', 'amount'],
      ['amount too large', { amount: 10 ** 16 }, 'amount_too_large', 'amount'],
      ['amount not an integer', { amount: 10.5 }, 'validation_failed', 'amount'],
      ['currency mismatch', { currency: 'USD' }, 'currency_mismatch', 'debitAccountId'],
      [
        'unknown debit account',
        { debitAccountId: 'acc_1111111111111111111111' },
        'account_not_found',
        'debitAccountId',
      ],
      [
        'unknown credit account',
        { creditAccountId: 'acc_1111111111111111111111' },
        'account_not_found',
        'creditAccountId',
      ],
      ['same account', { creditAccountId: 'SELF' }, 'same_account', 'creditAccountId'],
      ['malformed account id', { debitAccountId: 'nope' }, 'validation_failed', 'debitAccountId'],
      ['timeout on a single-phase transfer', { timeoutMs: 1000 }, 'validation_failed', 'timeoutMs'],
      ['metadata that is not JSON', { metadata: { big: 10n } }, 'validation_failed', 'metadata'],
      [
        'metadata over 4 KB',
        { metadata: { note: 'x'.repeat(5_000) } },
        'validation_failed',
        'metadata',
      ],
    ])('refuses %s with %s and changes nothing', async (_label, change, code, field) => {
      const wallet = await fundedWallet(t, writer, 1_000);
      const merchant = await merchantAccount(t);
      const spec = {
        writer,
        idempotencyKey: key('refuse'),
        debitAccountId: wallet.id,
        creditAccountId: merchant.id,
        amount: 100,
        currency: 'EUR',
        kind: 'payment' as const,
        ...change,
      };
      if (spec.creditAccountId === 'SELF') spec.creditAccountId = wallet.id;
      const before = await t.database.db.select({ n: sql<number>`count(*)` }).from(ledgerTransfers);
      await expect(createTransfer(spec)).rejects.toMatchObject({ code, field });
      const after = await t.database.db.select({ n: sql<number>`count(*)` }).from(ledgerTransfers);
      expect(Number(after[0]?.n)).toBe(Number(before[0]?.n));
      expect(await balances(wallet.id, merchant.id)).toEqual([1_000, 0]);
    });

    it('refuses a closed account', async () => {
      const wallet = await fundedWallet(t, writer, 1_000);
      const merchant = await merchantAccount(t);
      await closeAccount({ db: t.database.db, accountId: merchant.id });
      await expect(
        createTransfer({
          writer,
          idempotencyKey: key('closed'),
          debitAccountId: wallet.id,
          creditAccountId: merchant.id,
          amount: 1,
          currency: 'EUR',
          kind: 'payment',
        }),
      ).rejects.toMatchObject({ code: 'account_closed', field: 'creditAccountId' });
    });

    it('a refused transfer in a batch does not fail the others', async () => {
      const wallet = await fundedWallet(t, writer, 500);
      const merchant = await merchantAccount(t);
      const results = await Promise.allSettled(
        [200, 200, 200, 100].map((amount) =>
          createTransfer({
            writer,
            idempotencyKey: key('batch'),
            debitAccountId: wallet.id,
            creditAccountId: merchant.id,
            amount,
            currency: 'EUR',
            kind: 'payment',
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(await balances(wallet.id, merchant.id)).toEqual([0, 500]);
    });
  });

  describe('events', () => {
    it("a batch's changes travel together: one event per 500 transfers, in the order applied", async () => {
      const big = testWriter(t, { batchSize: 1_000 });
      try {
        const wallet = await fundedWallet(t, big, 1_000_000);
        const merchant = await merchantAccount(t);
        // Submitted in one tick: the writer takes all 600 into one batch.
        const results = await Promise.all(
          Array.from({ length: 600 }, (_, i) =>
            createTransfer({
              writer: big,
              idempotencyKey: key('evt'),
              debitAccountId: wallet.id,
              creditAccountId: merchant.id,
              amount: i + 1,
              currency: 'EUR',
              kind: 'payment',
            }),
          ),
        );
        const ids = new Set(results.map((r) => r.transfer.id));
        const events = (
          await t.database.db
            .select()
            .from(outboxEvents)
            .where(eq(outboxEvents.type, 'ledger.transfers_committed'))
            .orderBy(outboxEvents.seq)
        )
          .map((e) => (e.payload as { transfers: TransferChange[] }).transfers)
          .filter((changes) => changes.some((c) => ids.has(c.transferId)));
        expect(events.map((changes) => changes.length)).toEqual([500, 100]);
        expect(events.flat().map((c) => c.amount)).toEqual(
          Array.from({ length: 600 }, (_, i) => i + 1),
        );
        expect(events.flat().every((c) => c.status === 'posted')).toBe(true);
      } finally {
        await big.stop();
      }
    });
  });

  describe('two-phase transfers', () => {
    async function pending(amount: number, extra: { timeoutMs?: number } = {}) {
      const wallet = await fundedWallet(t, writer, 1_000);
      const merchant = await merchantAccount(t);
      const { transfer } = await createTransfer({
        writer,
        idempotencyKey: key('pending'),
        debitAccountId: wallet.id,
        creditAccountId: merchant.id,
        amount,
        currency: 'EUR',
        kind: 'payout',
        pending: true,
        ...extra,
      });
      return { wallet, merchant, transfer };
    }

    it('reserves the amount: available drops, balance does not, no postings yet', async () => {
      const { wallet, merchant, transfer } = await pending(700);
      expect(transfer.status).toBe('pending');
      expect(await getBalance({ db: t.database.db, accountId: wallet.id })).toMatchObject({
        balance: 1_000,
        pendingDebits: 700,
        available: 300,
      });
      expect(await getBalance({ db: t.database.db, accountId: merchant.id })).toMatchObject({
        balance: 0,
        pendingCredits: 700,
      });
      // The reservation counts against further spending.
      await expect(
        createTransfer({
          writer,
          idempotencyKey: key('over'),
          debitAccountId: wallet.id,
          creditAccountId: merchant.id,
          amount: 301,
          currency: 'EUR',
          kind: 'payment',
        }),
      ).rejects.toMatchObject({ code: 'insufficient_funds' });
      expect((await listPostings({ db: t.database.db, accountId: merchant.id })).items).toEqual([]);
    });

    it('posts in full', async () => {
      const { wallet, merchant, transfer } = await pending(700);
      const posted = await postTransfer({ writer, transferId: transfer.id });
      expect(posted).toMatchObject({ status: 'posted', postedAmount: 700 });
      expect(await getBalance({ db: t.database.db, accountId: wallet.id })).toMatchObject({
        balance: 300,
        pendingDebits: 0,
      });
      expect(await getBalance({ db: t.database.db, accountId: merchant.id })).toMatchObject({
        balance: 700,
        pendingCredits: 0,
      });
      await expect(postTransfer({ writer, transferId: transfer.id })).rejects.toMatchObject({
        code: 'transfer_already_posted',
      });
      await expect(voidTransfer({ writer, transferId: transfer.id })).rejects.toMatchObject({
        code: 'transfer_already_posted',
      });
    });

    it('posts partially and releases the rest', async () => {
      const { wallet, merchant, transfer } = await pending(700);
      await expect(
        postTransfer({ writer, transferId: transfer.id, amount: 701 }),
      ).rejects.toMatchObject({ code: 'amount_too_large' });
      const posted = await postTransfer({ writer, transferId: transfer.id, amount: 250 });
      expect(posted).toMatchObject({ status: 'posted', amount: 700, postedAmount: 250 });
      expect(await getBalance({ db: t.database.db, accountId: wallet.id })).toMatchObject({
        balance: 750,
        available: 750,
      });
      expect(await getBalance({ db: t.database.db, accountId: merchant.id })).toMatchObject({
        balance: 250,
        pendingCredits: 0,
      });
    });

    it('voids: the reservation is released and nothing moves', async () => {
      const { wallet, merchant, transfer } = await pending(700);
      expect(await voidTransfer({ writer, transferId: transfer.id })).toMatchObject({
        status: 'voided',
      });
      expect(await getBalance({ db: t.database.db, accountId: wallet.id })).toMatchObject({
        balance: 1_000,
        available: 1_000,
      });
      expect(await getBalance({ db: t.database.db, accountId: merchant.id })).toMatchObject({
        balance: 0,
        pendingCredits: 0,
      });
      await expect(postTransfer({ writer, transferId: transfer.id })).rejects.toMatchObject({
        code: 'transfer_already_voided',
      });
      await expect(voidTransfer({ writer, transferId: transfer.id })).rejects.toMatchObject({
        code: 'transfer_already_voided',
      });
      expect(await changesOf(transfer.id)).toEqual([
        ['pending', 700, undefined],
        ['voided', 700, 'requested'],
      ]);
    });

    it('a pending transfer past its timeout voids itself: posting it is refused', async () => {
      const { wallet, transfer } = await pending(700, { timeoutMs: 50 });
      await new Promise((r) => setTimeout(r, 80));
      await expect(postTransfer({ writer, transferId: transfer.id })).rejects.toMatchObject({
        code: 'transfer_expired',
      });
      expect(await getTransfer({ db: t.database.db, transferId: transfer.id })).toMatchObject({
        status: 'voided',
      });
      expect(await getBalance({ db: t.database.db, accountId: wallet.id })).toMatchObject({
        available: 1_000,
      });
    });

    it('the sweeper voids expired pending transfers and leaves the others', async () => {
      const expiring = await pending(100, { timeoutMs: 30 });
      const lasting = await pending(100, { timeoutMs: 60_000 });
      await new Promise((r) => setTimeout(r, 60));
      expect(await voidExpiredTransfers({ db: t.database.db, writer })).toBeGreaterThanOrEqual(1);
      expect(
        (await getTransfer({ db: t.database.db, transferId: expiring.transfer.id })).status,
      ).toBe('voided');
      expect(
        (await getTransfer({ db: t.database.db, transferId: lasting.transfer.id })).status,
      ).toBe('pending');
      expect(await changesOf(expiring.transfer.id)).toEqual([
        ['pending', 100, undefined],
        ['voided', 100, 'timeout'],
      ]);
    });

    it('refuses to post or void an unknown transfer', async () => {
      await expect(
        postTransfer({ writer, transferId: 'trf_1111111111111111111111' }),
      ).rejects.toMatchObject({ code: 'transfer_not_found' });
      await expect(
        voidTransfer({ writer, transferId: 'trf_1111111111111111111111' }),
      ).rejects.toMatchObject({ code: 'transfer_not_found' });
    });
  });

  describe('linked transfers', () => {
    it('a payment and its fee succeed together', async () => {
      const wallet = await fundedWallet(t, writer, 10_000);
      const merchant = await merchantAccount(t);
      const fees = await openSystemAccount({
        db: t.database.db,
        kind: 'platform_fees',
        currency: 'EUR',
      });
      const feesBefore = (await getBalance({ db: t.database.db, accountId: fees.id })).balance;
      const k = key('order');
      const legs = [
        {
          idempotencyKey: `${k}:pay`,
          debitAccountId: wallet.id,
          creditAccountId: merchant.id,
          amount: 5_000,
          currency: 'EUR',
          kind: 'payment' as const,
        },
        {
          idempotencyKey: `${k}:fee`,
          debitAccountId: merchant.id,
          creditAccountId: fees.id,
          amount: 150,
          currency: 'EUR',
          kind: 'fee' as const,
        },
      ];
      const { transfers } = await createLinkedTransfers({ writer, legs });
      expect(transfers).toHaveLength(2);
      expect(transfers[0]?.linkedId).toMatch(/^lnk_/);
      expect(transfers[0]?.linkedId).toBe(transfers[1]?.linkedId);
      expect(await balances(wallet.id, merchant.id)).toEqual([5_000, 4_850]);
      expect((await getBalance({ db: t.database.db, accountId: fees.id })).balance).toBe(
        feesBefore + 150,
      );
      const replay = await createLinkedTransfers({ writer, legs });
      expect(replay.replayed).toBe(true);
      expect(replay.transfers.map((x) => x.id)).toEqual(transfers.map((x) => x.id));
    });

    it('when one leg is refused, no leg is applied', async () => {
      const wallet = await fundedWallet(t, writer, 1_000);
      const merchant = await merchantAccount(t);
      const other = await merchantAccount(t, 'USD');
      const k = key('linked-fail');
      await expect(
        createLinkedTransfers({
          writer,
          legs: [
            {
              idempotencyKey: `${k}:a`,
              debitAccountId: wallet.id,
              creditAccountId: merchant.id,
              amount: 400,
              currency: 'EUR',
              kind: 'payment',
            },
            {
              idempotencyKey: `${k}:b`,
              debitAccountId: merchant.id,
              creditAccountId: other.id,
              amount: 10,
              currency: 'EUR',
              kind: 'fee',
            },
          ],
        }),
      ).rejects.toMatchObject({ code: 'currency_mismatch' });
      expect(await balances(wallet.id, merchant.id)).toEqual([1_000, 0]);
      const stored = await t.database.db
        .select()
        .from(ledgerTransfers)
        .where(eq(ledgerTransfers.idempotencyKey, `${k}:a`));
      expect(stored).toEqual([]);
      // The same keys can be used once the problem is fixed.
      await expect(
        createLinkedTransfers({
          writer,
          legs: [
            {
              idempotencyKey: `${k}:a`,
              debitAccountId: wallet.id,
              creditAccountId: merchant.id,
              amount: 400,
              currency: 'EUR',
              kind: 'payment',
            },
            {
              idempotencyKey: `${k}:b`,
              debitAccountId: merchant.id,
              creditAccountId: wallet.id,
              amount: 10,
              currency: 'EUR',
              kind: 'fee',
            },
          ],
        }),
      ).resolves.toMatchObject({ replayed: false });
      expect(await balances(wallet.id, merchant.id)).toEqual([610, 390]);
    });

    it('a linked group whose second leg lacks funds, in a batch with others, leaves the others intact', async () => {
      const wallet = await fundedWallet(t, writer, 1_000);
      const merchant = await merchantAccount(t);
      const k = key('mixed');
      const [single, linked] = await Promise.allSettled([
        createTransfer({
          writer,
          idempotencyKey: `${k}:s`,
          debitAccountId: wallet.id,
          creditAccountId: merchant.id,
          amount: 100,
          currency: 'EUR',
          kind: 'payment',
        }),
        createLinkedTransfers({
          writer,
          legs: [
            {
              idempotencyKey: `${k}:a`,
              debitAccountId: wallet.id,
              creditAccountId: merchant.id,
              amount: 100,
              currency: 'EUR',
              kind: 'payment',
            },
            {
              idempotencyKey: `${k}:b`,
              debitAccountId: merchant.id,
              creditAccountId: wallet.id,
              amount: 10_000,
              currency: 'EUR',
              kind: 'refund',
            },
          ],
        }),
      ]);
      expect(single.status).toBe('fulfilled');
      expect(linked.status).toBe('rejected');
      expect(await balances(wallet.id, merchant.id)).toEqual([900, 100]);
    });
  });

  describe('overlapping batches: versions checked as balances are written', () => {
    /**
     * Writer `a` takes one command per batch: paying z then y at once, its second batch is
     * computed from the balances the first will leave. Between that and its writes,
     * `interfere(b, ids)` runs, `b` being another process's writer.
     */
    async function overlap(
      interfere: (
        b: LedgerWriter,
        ids: { y: string; w: string; merchant: string },
      ) => Promise<unknown>,
    ) {
      const b = testWriter(t);
      let pending: (() => Promise<unknown>) | undefined;
      const a = createLedgerWriter({
        pool: t.database.pool,
        outbox,
        logger: t.logger,
        batchSize: 1,
        beforeVerify: async () => {
          const run = pending;
          pending = undefined;
          await run?.();
        },
      });
      try {
        const y = await fundedWallet(t, a, 1_000);
        const z = await fundedWallet(t, a, 1_000);
        const w = await fundedWallet(t, b, 1_000);
        const merchant = await merchantAccount(t);
        const pay = (from: string, amount: number) =>
          createTransfer({
            writer: a,
            idempotencyKey: key('held'),
            debitAccountId: from,
            creditAccountId: merchant.id,
            amount,
            currency: 'EUR',
            kind: 'payment',
          });
        pending = () => interfere(b, { y: y.id, w: w.id, merchant: merchant.id });
        const [first, second] = await Promise.allSettled([pay(z.id, 10), pay(y.id, 60)]);
        return {
          first,
          second,
          redone: a.stats().redone,
          balances: await balances(y.id, z.id, w.id, merchant.id),
        };
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    }

    it('a batch computed from balances another process has since moved is redone, correctly', async () => {
      // The second batch reads y at 1,000; when it writes, y is at 50: it must be redone.
      const run = await overlap((b, ids) =>
        createTransfer({
          writer: b,
          idempotencyKey: key('other'),
          debitAccountId: ids.y,
          creditAccountId: ids.w,
          amount: 950,
          currency: 'EUR',
          kind: 'payment',
        }),
      );
      expect(run.first.status).toBe('fulfilled');
      expect(run.second).toMatchObject({
        status: 'rejected',
        reason: { code: 'insufficient_funds' },
      });
      expect(run.redone).toBe(1);
      expect(run.balances).toEqual([50, 990, 1_950, 10]);
    });

    it('the hot account, held by the batch before, moved by another process meanwhile: redone', async () => {
      // The merchant is the first batch's account too: b's payment into it waits for that
      // batch, then commits before the second batch writes the merchant's balance.
      const run = await overlap((b, ids) =>
        createTransfer({
          writer: b,
          idempotencyKey: key('other'),
          debitAccountId: ids.w,
          creditAccountId: ids.merchant,
          amount: 5,
          currency: 'EUR',
          kind: 'payment',
        }),
      );
      expect(run.first.status).toBe('fulfilled');
      expect(run.second.status).toBe('fulfilled');
      expect(run.redone).toBe(1);
      expect(run.balances).toEqual([940, 990, 995, 75]);
    });

    it('an account closed between a batch being computed and written: redone, and refused', async () => {
      const run = await overlap((_b, ids) => closeAccount({ db: t.database.db, accountId: ids.y }));
      expect(run.first.status).toBe('fulfilled');
      expect(run.second).toMatchObject({ status: 'rejected', reason: { code: 'account_closed' } });
      expect(run.redone).toBe(1);
      expect(run.balances).toEqual([1_000, 990, 1_000, 10]);
    });
  });

  describe('lock waits', () => {
    it("a batch waiting on a lock held elsewhere gives up after the writer's short timeout, then succeeds once it is free", async () => {
      const seed = testWriter(t);
      const writer = createLedgerWriter({
        pool: t.database.pool,
        outbox,
        logger: t.logger,
        lockWaitTimeoutSeconds: 1,
        maxRetries: 0,
        pipeline: false,
      });
      const holder = await t.database.pool.getConnection();
      try {
        const wallet = await fundedWallet(t, seed, 1_000);
        const merchant = await merchantAccount(t);
        // Another process holds the merchant's row (as a stuck writer elsewhere would).
        await holder.query('START TRANSACTION');
        await holder.query('SELECT id FROM ledger_accounts WHERE id = ? FOR UPDATE', [merchant.id]);
        const spec = {
          writer,
          idempotencyKey: key('wait'),
          debitAccountId: wallet.id,
          creditAccountId: merchant.id,
          amount: 100,
          currency: 'EUR',
          kind: 'payment' as const,
        };
        const started = Date.now();
        await expect(createTransfer(spec)).rejects.toMatchObject({ code: 'ledger_unavailable' });
        // The server default would be 50 s.
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(await getBalance({ db: t.database.db, accountId: merchant.id })).toMatchObject({
          balance: 0,
        });
        await holder.query('ROLLBACK');
        const { transfer } = await createTransfer(spec);
        expect(transfer.status).toBe('posted');
        expect(await getBalance({ db: t.database.db, accountId: merchant.id })).toMatchObject({
          balance: 100,
        });
      } finally {
        await holder.query('ROLLBACK').catch(() => undefined);
        holder.release();
        await Promise.all([seed.stop(), writer.stop()]);
      }
    });
  });

  describe('idempotency across writers', () => {
    it('a key another writer committed is answered as a replay, or refused if reused, without failing the batch', async () => {
      const a = testWriter(t);
      const b = testWriter(t); // another process: it has never seen a's keys
      try {
        const wallet = await fundedWallet(t, a, 1_000);
        const merchant = await merchantAccount(t);
        const spec = {
          idempotencyKey: key('other'),
          debitAccountId: wallet.id,
          creditAccountId: merchant.id,
          amount: 100,
          currency: 'EUR',
          kind: 'payment' as const,
        };
        const first = await createTransfer({ writer: a, ...spec });
        const [replay, reused, fresh] = await Promise.allSettled([
          createTransfer({ writer: b, ...spec }),
          createTransfer({ writer: b, ...spec, amount: 101 }),
          createTransfer({ writer: b, ...spec, idempotencyKey: key('fresh') }),
        ]);
        expect(replay).toMatchObject({
          status: 'fulfilled',
          value: { transfer: { id: first.transfer.id }, replayed: true },
        });
        expect(reused).toMatchObject({
          status: 'rejected',
          reason: { code: 'idempotency_key_reused' },
        });
        expect(fresh).toMatchObject({ status: 'fulfilled', value: { replayed: false } });
        expect(await balances(wallet.id, merchant.id)).toEqual([800, 200]);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });

    it('a retry answered from a batch that then failed is redone: it creates the transfer once', async () => {
      let failNext = true;
      const w = createLedgerWriter({
        pool: t.database.pool,
        outbox,
        logger: t.logger,
        batchSize: 1,
        // The first overlapping batch fails for good, between its inserts and its commit, and
        // only once the batch after it has been computed (from its transfers).
        beforeVerify: async () => {
          if (failNext) {
            failNext = false;
            await new Promise((r) => setTimeout(r, 100));
            throw new Error('injected failure');
          }
        },
      });
      try {
        const funder = testWriter(t);
        const wallet = await fundedWallet(t, funder, 1_000);
        await funder.stop();
        const merchant = await merchantAccount(t);
        const spec = {
          debitAccountId: wallet.id,
          creditAccountId: merchant.id,
          amount: 100,
          currency: 'EUR',
          kind: 'payment' as const,
        };
        const k = key('failed');
        const [, failed, retried] = await Promise.allSettled([
          createTransfer({ writer: w, ...spec, idempotencyKey: key('lead') }),
          createTransfer({ writer: w, ...spec, idempotencyKey: k }),
          createTransfer({ writer: w, ...spec, idempotencyKey: k }),
        ]);
        expect(failed).toMatchObject({
          status: 'rejected',
          reason: { code: 'ledger_unavailable' },
        });
        expect(retried).toMatchObject({ status: 'fulfilled', value: { replayed: false } });
        const stored = await t.database.db
          .select()
          .from(ledgerTransfers)
          .where(eq(ledgerTransfers.idempotencyKey, k));
        expect(stored.map((r) => r.id)).toEqual([
          retried.status === 'fulfilled' ? retried.value.transfer.id : '',
        ]);
        expect(await balances(wallet.id, merchant.id)).toEqual([800, 200]);
      } finally {
        await w.stop();
      }
    });
  });

  describe('history and verification', () => {
    it('pages through history newest first, with a time range', async () => {
      const wallet = await fundedWallet(t, writer, 10_000);
      const merchant = await merchantAccount(t);
      for (let i = 1; i <= 7; i++) {
        await createTransfer({
          writer,
          idempotencyKey: key('h'),
          debitAccountId: wallet.id,
          creditAccountId: merchant.id,
          amount: i,
          currency: 'EUR',
          kind: 'payment',
        });
      }
      const page1 = await listPostings({ db: t.database.db, accountId: merchant.id, limit: 3 });
      expect(page1.items.map((p) => p.amount)).toEqual([7, 6, 5]);
      expect(page1.items.map((p) => p.balanceAfter)).toEqual([28, 21, 15]);
      const page2 = await listPostings({
        db: t.database.db,
        accountId: merchant.id,
        limit: 3,
        cursor: page1.nextCursor ?? '',
      });
      expect(page2.items.map((p) => p.amount)).toEqual([4, 3, 2]);
      const page3 = await listPostings({
        db: t.database.db,
        accountId: merchant.id,
        limit: 3,
        cursor: page2.nextCursor ?? '',
      });
      expect(page3.items.map((p) => p.amount)).toEqual([1]);
      expect(page3.nextCursor).toBeNull();
      const future = await listPostings({
        db: t.database.db,
        accountId: merchant.id,
        from: new Date(Date.now() + 60_000),
      });
      expect(future.items).toEqual([]);
      await expect(
        listPostings({ db: t.database.db, accountId: merchant.id, cursor: 'x' }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('the invariant check passes on a healthy ledger and names each violation', async () => {
      const healthy = await verifyLedger({ pool: t.database.pool });
      expect(healthy.ok).toBe(true);
      expect(healthy.invariants.map((i) => i.name)).toEqual([
        'balances_sum_to_zero',
        'balance_equals_postings',
        'no_forbidden_negative',
        'pending_amounts_match_pending_transfers',
        'posted_transfers_have_their_two_postings',
        'postings_belong_to_transfers',
      ]);
      // Corrupt one balance behind the ledger's back, check, then repair it.
      const wallet = await fundedWallet(t, writer, 500);
      await t.database.db
        .update(ledgerAccounts)
        .set({ balance: 499 })
        .where(eq(ledgerAccounts.id, wallet.id));
      const broken = await verifyLedger({ pool: t.database.pool });
      expect(broken.ok).toBe(false);
      const failed = broken.invariants.filter((i) => !i.ok).map((i) => i.name);
      expect(failed).toEqual(['balances_sum_to_zero', 'balance_equals_postings']);
      await t.database.db
        .update(ledgerAccounts)
        .set({ balance: 500 })
        .where(eq(ledgerAccounts.id, wallet.id));
      expect((await verifyLedger({ pool: t.database.pool })).ok).toBe(true);
    });
  });
});

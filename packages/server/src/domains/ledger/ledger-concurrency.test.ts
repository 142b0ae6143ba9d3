import { fileURLToPath } from 'node:url';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { spawnTs, type TestEnv, useTestEnv } from '../../test/harness.js';
import { fundedWallet, merchantAccount, testWriter } from '../../test/ledger.js';
import {
  createLinkedTransfers,
  createTransfer,
  type LedgerWriter,
  openAccount,
  openSystemAccount,
  postTransfer,
  verifyLedger,
  voidTransfer,
} from './index.js';
import type { Transfer } from './types.js';

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUSINESS_REFUSALS = new Set([
  'insufficient_funds',
  'transfer_already_posted',
  'transfer_already_voided',
]);

describe('ledger under concurrency', () => {
  const getT = useTestEnv();
  let t: TestEnv;
  // Two writers on one database: two server processes, each the single writer of its queue.
  let writers: LedgerWriter[];
  beforeAll(() => {
    t = getT();
    writers = [testWriter(t, { batchSize: 64 }), testWriter(t, { batchSize: 64 })];
  });
  afterAll(async () => {
    await Promise.all(writers.map((w) => w.stop()));
  });

  it('thousands of random transfers with duplicate keys: invariants hold and every ack is exactly once', async () => {
    const seed = Date.now() % 100_000;
    const random = prng(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const writer = () => pick(writers);
    const seedWriter = writers[0] as LedgerWriter;
    const wallets = await Promise.all(
      Array.from({ length: 40 }, () => fundedWallet(t, seedWriter, 5_000)),
    );
    const merchant = await merchantAccount(t);
    const { db } = t.database;
    const clearing = await openSystemAccount({
      db,
      kind: 'provider_clearing',
      provider: 'sandbox',
      currency: 'EUR',
    });
    const payouts = await openSystemAccount({ db, kind: 'payout_clearing', currency: 'EUR' });
    const fees = await openSystemAccount({ db, kind: 'platform_fees', currency: 'EUR' });

    // Expected balance change per account, from acknowledged outcomes only.
    const expected = new Map<string, number>();
    const credit = (id: string, amount: number) =>
      expected.set(id, (expected.get(id) ?? 0) + amount);
    const acked = new Map<string, Transfer>(); // by idempotency key
    const pending: Transfer[] = [];
    const record = (transfers: Transfer[], replayed: boolean) => {
      for (const tr of transfers) {
        const first = acked.get(tr.idempotencyKey);
        if (first) {
          expect(tr.id, `key ${tr.idempotencyKey} answered with two transfers (seed ${seed})`).toBe(
            first.id,
          );
          continue;
        }
        expect(replayed, `first answer for ${tr.idempotencyKey} marked as replay`).toBe(false);
        acked.set(tr.idempotencyKey, tr);
        if (tr.status === 'posted') {
          credit(tr.creditAccountId, tr.amount);
          credit(tr.debitAccountId, -tr.amount);
        } else pending.push(tr);
      }
    };
    const refused = (error: unknown) => {
      if (!(isAppError(error) && BUSINESS_REFUSALS.has(error.code))) throw error;
    };

    type Op = () => Promise<void>;
    const issued: { key: string; op: Op }[] = [];
    const ops: Op[] = [];
    for (let i = 0; i < 3_000; i++) {
      const roll = random();
      const wallet = pick(wallets);
      const amount = 1 + Math.floor(random() * 400);
      const key = `op:${seed}:${i}`;
      let op: Op;
      if (roll < 0.15) {
        const spec = {
          idempotencyKey: key,
          debitAccountId: clearing.id,
          creditAccountId: wallet.id,
          amount,
          currency: 'EUR',
          kind: 'deposit' as const,
        };
        op = () =>
          createTransfer({ writer: writer(), ...spec }).then(
            (r) => record([r.transfer], r.replayed),
            refused,
          );
      } else if (roll < 0.65) {
        const spec = {
          idempotencyKey: key,
          debitAccountId: wallet.id,
          creditAccountId: merchant.id,
          amount,
          currency: 'EUR',
          kind: 'payment' as const,
        };
        op = () =>
          createTransfer({ writer: writer(), ...spec }).then(
            (r) => record([r.transfer], r.replayed),
            refused,
          );
      } else if (roll < 0.75) {
        const spec = {
          idempotencyKey: key,
          debitAccountId: merchant.id,
          creditAccountId: wallet.id,
          amount,
          currency: 'EUR',
          kind: 'refund' as const,
        };
        op = () =>
          createTransfer({ writer: writer(), ...spec }).then(
            (r) => record([r.transfer], r.replayed),
            refused,
          );
      } else if (roll < 0.85) {
        const legs = [
          {
            idempotencyKey: `${key}:pay`,
            debitAccountId: wallet.id,
            creditAccountId: merchant.id,
            amount,
            currency: 'EUR',
            kind: 'payment' as const,
          },
          {
            idempotencyKey: `${key}:fee`,
            debitAccountId: merchant.id,
            creditAccountId: fees.id,
            amount: Math.ceil(amount / 50),
            currency: 'EUR',
            kind: 'fee' as const,
          },
        ];
        op = () =>
          createLinkedTransfers({ writer: writer(), legs }).then(
            (r) => record(r.transfers, r.replayed),
            refused,
          );
      } else {
        // A withdrawal: reserve, then post (maybe partially) or void.
        const spec = {
          idempotencyKey: key,
          debitAccountId: wallet.id,
          creditAccountId: payouts.id,
          amount,
          currency: 'EUR',
          kind: 'withdrawal' as const,
          pending: true,
        };
        const settle = random();
        op = async () => {
          try {
            const r = await createTransfer({ writer: writer(), ...spec });
            record([r.transfer], r.replayed);
            const id = r.transfer.id;
            if (settle < 0.6) {
              const partial = settle < 0.2 ? Math.max(1, Math.floor(amount / 2)) : undefined;
              const posted = await postTransfer({
                writer: writer(),
                transferId: id,
                ...(partial ? { amount: partial } : {}),
              });
              credit(posted.creditAccountId, posted.postedAmount ?? 0);
              credit(posted.debitAccountId, -(posted.postedAmount ?? 0));
            } else {
              await voidTransfer({ writer: writer(), transferId: id });
            }
          } catch (error) {
            refused(error);
          }
        };
      }
      ops.push(op);
      issued.push({ key, op });
      // 10% of requests are sent twice (a client retry racing its original).
      if (roll < 0.85 && random() < 0.1) ops.push(op);
    }
    // Shuffle and run 300 at a time.
    for (let i = ops.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ops[i], ops[j]] = [ops[j] as Op, ops[i] as Op];
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: 300 }, async () => {
        for (let i = next++; i < ops.length; i = next++) await (ops[i] as Op)();
      }),
    );

    const report = await verifyLedger({ pool: t.database.pool });
    expect(
      report.invariants.filter((i) => !i.ok),
      `seed ${seed}`,
    ).toEqual([]);
    // Every acknowledged transfer is stored exactly once, with its amount and accounts.
    const [rows] = await t.database.pool.query<RowDataPacket[]>(
      "SELECT idempotency_key, id, amount, debit_account_id, credit_account_id FROM ledger_transfers WHERE idempotency_key LIKE 'op:%'",
    );
    expect(rows.length, `seed ${seed}`).toBe(acked.size);
    for (const row of rows) {
      const ack = acked.get(row.idempotency_key);
      expect(ack, `unacknowledged transfer ${row.idempotency_key} stored`).toBeDefined();
      expect([row.id, Number(row.amount), row.debit_account_id, row.credit_account_id]).toEqual([
        ack?.id,
        ack?.amount,
        ack?.debitAccountId,
        ack?.creditAccountId,
      ]);
    }
    // Every account moved by exactly what the acknowledgements say.
    const ids = [merchant.id, fees.id, payouts.id, ...wallets.map((w) => w.id)];
    const [balances] = await t.database.pool.query<RowDataPacket[]>(
      'SELECT id, balance, pending_debits FROM ledger_accounts WHERE id IN (?)',
      [ids],
    );
    const start = new Map<string, number>(wallets.map((w) => [w.id, 5_000]));
    for (const b of balances) {
      expect(Number(b.balance), `account ${b.id}`).toBe(
        (start.get(b.id) ?? 0) + (expected.get(b.id) ?? 0),
      );
      expect(Number(b.pending_debits)).toBe(0);
    }
    expect(pending.length).toBeGreaterThan(0);
    expect(acked.size).toBeGreaterThan(1_000);
  });

  it('two writers paying one hot merchant from shared wallets: none fails, each once, and they stop overlapping', async () => {
    const [a, b] = [testWriter(t), testWriter(t)];
    try {
      const wallets = await Promise.all(
        Array.from({ length: 200 }, () => fundedWallet(t, a, 1_000_000)),
      );
      const merchant = await merchantAccount(t);
      const payments = 6_000;
      const amountOf = (i: number) => 100 + (i % 37);
      const pay = (writer: LedgerWriter, i: number) =>
        createTransfer({
          writer,
          idempotencyKey: `hot:${merchant.id}:${i}`,
          debitAccountId: wallets[i % wallets.length]?.id as string,
          creditAccountId: merchant.id,
          amount: amountOf(i),
          currency: 'EUR',
          kind: 'payment',
        });
      // Each payment goes to one writer, and every tenth is sent again through the other one.
      const outcomes = await Promise.allSettled(
        Array.from({ length: payments }, async (_, i) => {
          const first = await pay(i % 2 === 0 ? a : b, i);
          if (i % 10 === 0) {
            const again = await pay(i % 2 === 0 ? b : a, i);
            expect(again.transfer.id).toBe(first.transfer.id);
          }
          return first;
        }),
      );
      const failed = outcomes.filter((o) => o.status === 'rejected');
      expect(failed.map((f) => (f as PromiseRejectedResult).reason?.code ?? String(f))).toEqual([]);
      const [rows] = await t.database.pool.query<RowDataPacket[]>(
        `SELECT count(*) AS n, sum(amount) AS total FROM ledger_transfers WHERE idempotency_key LIKE ?`,
        [`hot:${merchant.id}:%`],
      );
      let expected = 0;
      for (let i = 0; i < payments; i++) expected += amountOf(i);
      expect([Number(rows[0]?.n), Number(rows[0]?.total)]).toEqual([payments, expected]);
      const [balance] = await t.database.pool.query<RowDataPacket[]>(
        'SELECT balance FROM ledger_accounts WHERE id = ?',
        [merchant.id],
      );
      expect(Number(balance[0]?.balance)).toBe(expected);
      // They saw each other on the hot account and stopped overlapping their batches, before
      // any batch had to sit out a lock wait timeout.
      expect(a.stats().contended + b.stats().contended).toBeGreaterThan(0);
      expect(a.stats().lockWaitTimeouts + b.stats().lockWaitTimeouts).toBe(0);
      const report = await verifyLedger({ pool: t.database.pool });
      expect(report.invariants.filter((i) => !i.ok)).toEqual([]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('survives SIGKILL at random moments: acknowledged transfers are all there, exactly once', async () => {
    const { db } = t.database;
    const seedWriter = writers[0] as LedgerWriter;
    // Fund the wallets the child will use.
    const clearing = await openSystemAccount({
      db,
      kind: 'provider_clearing',
      provider: 'sandbox',
      currency: 'EUR',
    });
    for (let i = 0; i < 20; i++) {
      const wallet = await openAccount({
        db,
        ownerType: 'shopper',
        ownerId: `crash_wallet_${i}`,
        kind: 'shopper_wallet',
        currency: 'EUR',
      });
      await createTransfer({
        writer: seedWriter,
        idempotencyKey: `crash-fund:${i}`,
        debitAccountId: clearing.id,
        creditAccountId: wallet.id,
        amount: 1_000_000,
        currency: 'EUR',
        kind: 'deposit',
      });
    }
    const script = fileURLToPath(new URL('../../test/fixtures/ledger-child.ts', import.meta.url));
    const random = prng(Date.now() % 100_000);
    let totalAcked = 0;
    for (let run = 0; run < 4; run++) {
      const child = spawnTs(script, [t.env.DATABASE_URL, `crash${run}`]);
      let output = '';
      let ready: () => void = () => undefined;
      const isReady = new Promise<void>((r) => {
        ready = r;
      });
      child.stdout.on('data', (d) => {
        output += String(d);
        if (output.includes('ACK ')) ready();
      });
      child.stderr.on('data', (d) => {
        output += String(d);
      });
      const exited = new Promise<NodeJS.Signals | null>((r) =>
        child.on('exit', (_c, signal) => r(signal)),
      );
      await Promise.race([isReady, exited]);
      await new Promise((r) => setTimeout(r, 100 + random() * 700));
      child.kill('SIGKILL');
      expect(await exited, output.slice(-2000)).toBe('SIGKILL');

      const acks = output
        .split('\n')
        .filter((l) => l.startsWith('ACK '))
        .map((l) => l.split(' '));
      expect(acks.length).toBeGreaterThan(0);
      totalAcked += acks.length;
      const report = await verifyLedger({ pool: t.database.pool });
      expect(
        report.invariants.filter((i) => !i.ok),
        `run ${run}`,
      ).toEqual([]);
      const [rows] = await t.database.pool.query<RowDataPacket[]>(
        'SELECT idempotency_key, id, amount, debit_account_id, credit_account_id FROM ledger_transfers WHERE idempotency_key IN (?)',
        [acks.map((a) => a[1])],
      );
      const stored = new Map(rows.map((r) => [r.idempotency_key as string, r]));
      for (const [, key, id, debit, creditId, amount] of acks) {
        const row = stored.get(key as string);
        expect(row, `acknowledged ${key} missing after crash ${run}`).toBeDefined();
        expect([
          row?.id,
          row?.debit_account_id,
          row?.credit_account_id,
          Number(row?.amount),
        ]).toEqual([id, debit, creditId, Number(amount)]);
      }
    }
    expect(totalAcked).toBeGreaterThan(50);
  });
});

import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../events/index.js';
import { useTestEnv } from '../../test/harness.js';
import { fundedWallet, merchantAccount } from '../../test/ledger.js';
import { createBulkRows, RowsRejected } from './bulk-rows.js';
import { createLedgerWriter } from './ledger-writer.js';
import { createTransfer } from './transfers.js';
import { verifyLedger } from './verify-ledger.js';

const COLUMNS = ['id', 'label', 'amount', 'note'] as const;

describe('bulk rows (LOAD DATA LOCAL from memory, INSERT as the fallback)', () => {
  const getT = useTestEnv();
  /** A pool whose connections do not offer local loads: the server refuses them (4166). */
  let noLocal: Pool;
  beforeAll(async () => {
    const t = getT();
    await t.database.pool.query(
      `CREATE TABLE bulk_probe (id INT PRIMARY KEY, label VARCHAR(100) CHARACTER SET utf8mb4 NOT NULL,
         amount BIGINT NOT NULL, note VARCHAR(20) NULL)`,
    );
    noLocal = mysql.createPool({
      uri: t.env.DATABASE_URL,
      connectionLimit: 4,
      timezone: 'Z',
      flags: ['-LOCAL_FILES'],
    });
  });
  afterAll(async () => {
    await noLocal.end();
  });

  async function rows(pool: Pool) {
    const [found] = await pool.query<RowDataPacket[]>(
      'SELECT id, label, amount, note FROM bulk_probe ORDER BY id',
    );
    await pool.query('DELETE FROM bulk_probe');
    return found.map((r) => [r.id, r.label, Number(r.amount), r.note]);
  }

  const awkward = [
    [1, 'tab\there', -5, null],
    [2, 'line\nbreak\r\nand a \\ backslash', 0, 'x'],
    [3, 'quote \' and " and \0 NUL', Number.MAX_SAFE_INTEGER, '\\N'],
    [4, 'ünïcödé 💶', 7, ''],
  ] as const;

  it('stores every value exactly, through a local load and through the INSERT fallback', async () => {
    const t = getT();
    for (const [pool, expectedMode] of [
      [t.database.pool, 'load'],
      [noLocal, 'insert'],
    ] as const) {
      const bulk = createBulkRows({ logger: t.logger });
      const conn = await pool.getConnection();
      try {
        await bulk.insert(conn, 'bulk_probe', COLUMNS, awkward);
      } finally {
        conn.release();
      }
      expect(bulk.mode()).toBe(expectedMode);
      expect(await rows(t.database.pool)).toEqual(awkward.map((r) => [...r]));
    }
    expect(
      t.logLines.some((l) => String(l.msg).includes('refuses LOAD DATA LOCAL') && l.errno === 4166),
    ).toBe(true);
  });

  it('a duplicate key skipped by the load is an error (1062), and the transaction keeps nothing', async () => {
    const t = getT();
    const bulk = createBulkRows({ logger: t.logger });
    const conn = await t.database.pool.getConnection();
    try {
      await conn.query('START TRANSACTION');
      await expect(
        bulk.insert(conn, 'bulk_probe', COLUMNS, [
          [10, 'a', 1, null],
          [11, 'b', 2, null],
          [10, 'a again', 3, null],
        ]),
      ).rejects.toMatchObject({ name: 'RowsRejected', errno: 1062 });
      await conn.query('ROLLBACK');
    } finally {
      conn.release();
    }
    expect(bulk.mode()).toBe('load');
    expect(await rows(t.database.pool)).toEqual([]);
  });

  it('a value the column cannot hold is refused, not truncated', async () => {
    const t = getT();
    const bulk = createBulkRows({ logger: t.logger });
    const conn = await t.database.pool.getConnection();
    try {
      await expect(
        bulk.insert(conn, 'bulk_probe', COLUMNS, [[20, 'fine', 1, 'x'.repeat(21)]]),
      ).rejects.toBeInstanceOf(RowsRejected);
    } finally {
      conn.release();
    }
    await t.database.pool.query('DELETE FROM bulk_probe');
  });

  it('the ledger writer works the same on a server that refuses local loads', async () => {
    const t = getT();
    const writer = createLedgerWriter({ pool: noLocal, outbox, logger: t.logger });
    try {
      const wallet = await fundedWallet(t, writer, 1_000);
      const merchant = await merchantAccount(t);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          createTransfer({
            writer,
            idempotencyKey: `fallback:${i % 10}`,
            debitAccountId: wallet.id,
            creditAccountId: merchant.id,
            amount: 10,
            currency: 'EUR',
            kind: 'payment',
            metadata: { note: 'tab\tand\\backslash' },
          }),
        ),
      );
      expect(new Set(results.map((r) => r.transfer.id)).size).toBe(10);
      const [balances] = await t.database.pool.query<RowDataPacket[]>(
        'SELECT id, balance FROM ledger_accounts WHERE id IN (?, ?) ORDER BY id = ?',
        [wallet.id, merchant.id, merchant.id],
      );
      expect(balances.map((b) => Number(b.balance))).toEqual([900, 100]);
      const [meta] = await t.database.pool.query<RowDataPacket[]>(
        "SELECT DISTINCT metadata FROM ledger_transfers WHERE idempotency_key LIKE 'fallback:%'",
      );
      expect(
        meta.map((m) => (typeof m.metadata === 'string' ? JSON.parse(m.metadata) : m.metadata)),
      ).toEqual([{ note: 'tab\tand\\backslash' }]);
      const report = await verifyLedger({ pool: t.database.pool });
      expect(report.invariants.filter((i) => !i.ok)).toEqual([]);
    } finally {
      await writer.stop();
    }
  });
});

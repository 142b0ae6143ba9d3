import type { Pool, RowDataPacket } from 'mysql2/promise';

export type InvariantResult = { name: string; ok: boolean; violations: unknown[] };

export type LedgerReport = {
  ok: boolean;
  checkedAt: string;
  accounts: number;
  transfers: number;
  postings: number;
  totals: { currency: string; mode: string; sum: number }[];
  invariants: InvariantResult[];
};

const SAMPLE = 20;

/**
 * Checks the ledger's invariants inside ONE consistent snapshot (so it can run while transfers
 * are being written without reporting false differences):
 *
 * - for every currency and mode, the balances sum to zero (double entry);
 * - every account's balance equals the sum of its postings and its last posting's balance-after,
 *   and its postings are numbered 1..posting_seq without a gap;
 * - no account that may not go negative is negative, or has reserved more than it holds;
 * - each account's pending amounts equal what its pending transfers reserve;
 * - every posted transfer has exactly its two postings (-x on the debit, +x on the credit side,
 *   x its posted amount), and a pending or voided one has none.
 *
 * Each check returns up to 20 offending rows.
 */
export async function verifyLedger(options: { pool: Pool }): Promise<LedgerReport> {
  const conn = await options.pool.getConnection();
  try {
    await conn.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const q = async <T>(sql: string): Promise<T[]> => {
      const [rows] = await conn.query<RowDataPacket[]>(sql);
      return rows as T[];
    };
    const counts = (
      await q<{ a: number; t: number; p: number }>(
        `SELECT (SELECT count(*) FROM ledger_accounts) AS a, (SELECT count(*) FROM ledger_transfers) AS t,
                (SELECT count(*) FROM ledger_postings) AS p`,
      )
    )[0];
    const totals = (
      await q<{ currency: string; mode: string; sum: string | number }>(
        'SELECT currency, mode, CAST(SUM(balance) AS SIGNED) AS sum FROM ledger_accounts GROUP BY currency, mode',
      )
    ).map((r) => ({ currency: r.currency, mode: r.mode, sum: Number(r.sum) }));

    const invariants: InvariantResult[] = [];
    const check = (name: string, violations: unknown[]) =>
      invariants.push({ name, ok: violations.length === 0, violations });

    check(
      'balances_sum_to_zero',
      totals.filter((t) => t.sum !== 0),
    );
    check(
      'balance_equals_postings',
      await q(
        `SELECT a.id, a.balance, a.posting_seq, COALESCE(p.total, 0) AS postings_total,
                COALESCE(p.n, 0) AS postings, last.balance_after AS last_balance_after
           FROM ledger_accounts a
           LEFT JOIN (SELECT account_id, CAST(SUM(amount) AS SIGNED) AS total, count(*) AS n,
                             MAX(seq) AS last_seq
                        FROM ledger_postings GROUP BY account_id) p ON p.account_id = a.id
           LEFT JOIN ledger_postings last ON last.account_id = a.id AND last.seq = p.last_seq
          WHERE a.balance <> COALESCE(p.total, 0)
             OR a.posting_seq <> COALESCE(p.n, 0)
             OR a.posting_seq <> COALESCE(p.last_seq, 0)
             OR (p.last_seq IS NOT NULL AND last.balance_after <> a.balance)
          LIMIT ${SAMPLE}`,
      ),
    );
    check(
      'no_forbidden_negative',
      await q(
        `SELECT id, kind, balance, pending_debits FROM ledger_accounts
          WHERE allow_negative = 0 AND (balance < 0 OR balance - pending_debits < 0)
          LIMIT ${SAMPLE}`,
      ),
    );
    check(
      'pending_amounts_match_pending_transfers',
      await q(
        `SELECT a.id, a.pending_debits, a.pending_credits,
                COALESCE(d.total, 0) AS pending_out, COALESCE(c.total, 0) AS pending_in
           FROM ledger_accounts a
           LEFT JOIN (SELECT debit_account_id AS id, CAST(SUM(amount) AS SIGNED) AS total
                        FROM ledger_transfers WHERE status = 'pending' GROUP BY debit_account_id) d ON d.id = a.id
           LEFT JOIN (SELECT credit_account_id AS id, CAST(SUM(amount) AS SIGNED) AS total
                        FROM ledger_transfers WHERE status = 'pending' GROUP BY credit_account_id) c ON c.id = a.id
          WHERE a.pending_debits <> COALESCE(d.total, 0) OR a.pending_credits <> COALESCE(c.total, 0)
          LIMIT ${SAMPLE}`,
      ),
    );
    check(
      'posted_transfers_have_their_two_postings',
      await q(
        // Postings have no index by transfer (it would be paid on every payment): they are
        // grouped by transfer in one scan, then joined to their transfers.
        `SELECT t.id, t.status, t.posted_amount, COALESCE(p.n, 0) AS postings,
                p.debit_account_id, p.debit_amount, p.credit_account_id, p.credit_amount
           FROM ledger_transfers t
           LEFT JOIN (SELECT transfer_id, count(*) AS n,
                             MAX(CASE WHEN amount < 0 THEN account_id END) AS debit_account_id,
                             CAST(SUM(CASE WHEN amount < 0 THEN amount ELSE 0 END) AS SIGNED) AS debit_amount,
                             CAST(SUM(CASE WHEN amount < 0 THEN 1 ELSE 0 END) AS SIGNED) AS debits,
                             MAX(CASE WHEN amount > 0 THEN account_id END) AS credit_account_id,
                             CAST(SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS SIGNED) AS credit_amount
                        FROM ledger_postings GROUP BY transfer_id) p ON p.transfer_id = t.id
          WHERE (t.status = 'posted' AND NOT (p.n <=> 2 AND p.debits = 1
                   AND p.debit_account_id = t.debit_account_id AND p.debit_amount = -t.posted_amount
                   AND p.credit_account_id = t.credit_account_id AND p.credit_amount = t.posted_amount))
             OR (t.status <> 'posted' AND p.n IS NOT NULL)
          LIMIT ${SAMPLE}`,
      ),
    );
    check(
      'postings_belong_to_transfers',
      await q(
        `SELECT p.account_id, p.seq, p.transfer_id FROM ledger_postings p
           LEFT JOIN ledger_transfers t ON t.id = p.transfer_id
          WHERE t.id IS NULL LIMIT ${SAMPLE}`,
      ),
    );
    await conn.query('COMMIT');
    return {
      ok: invariants.every((i) => i.ok),
      checkedAt: new Date().toISOString(),
      accounts: Number(counts?.a ?? 0),
      transfers: Number(counts?.t ?? 0),
      postings: Number(counts?.p ?? 0),
      totals,
      invariants,
    };
  } catch (error) {
    await conn.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    conn.release();
  }
}

import { bigint, mysqlTable, primaryKey } from 'drizzle-orm/mysql-core';
import { asciiId, timestampMs } from './util/columns.js';

/**
 * One row per account movement, with the balance after it. A posted transfer has exactly two:
 * -amount on the debit account and +amount on the credit account.
 *
 * Clustered by (account, seq), where seq numbers the account's postings 1, 2, 3… in the order its
 * balance changed: history (newest first, cursor on seq, a time range filtered on the same scan)
 * is a primary-key range scan, and each posting costs one B-tree insert and no secondary index
 * entry. There is deliberately no index by transfer: the writer always writes a transfer's two
 * postings together, and `verifyLedger` checks that with one scan.
 */
export const ledgerPostings = mysqlTable(
  'ledger_postings',
  {
    accountId: asciiId('account_id', { length: 40 }).notNull(),
    seq: bigint('seq', { mode: 'number', unsigned: true }).notNull(),
    transferId: asciiId('transfer_id', { length: 40 }).notNull(),
    // Signed: negative for the debit side, positive for the credit side.
    amount: bigint('amount', { mode: 'number' }).notNull(),
    balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [primaryKey({ name: 'ledger_postings_pk', columns: [t.accountId, t.seq] })],
);

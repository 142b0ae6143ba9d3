import { bigint, index, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { timestampMs } from './util/columns.js';

/**
 * One row per account movement, with the balance after it, so an account's history (and its
 * running balance) is one index range scan. A posted transfer has exactly two: -amount on the
 * debit account and +amount on the credit account.
 */
export const ledgerPostings = mysqlTable(
  'ledger_postings',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    accountId: varchar('account_id', { length: 40 }).notNull(),
    transferId: varchar('transfer_id', { length: 40 }).notNull(),
    // Signed: negative for the debit side, positive for the credit side.
    amount: bigint('amount', { mode: 'number' }).notNull(),
    balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [
    // History by account, newest first, cursor on id. Ids grow with commit order, so a time range
    // is a filter on this same range scan; no second index to maintain on the hot path.
    index('ledger_postings_account_idx').on(t.accountId, t.id),
    uniqueIndex('ledger_postings_transfer_account_uq').on(t.transferId, t.accountId),
  ],
);

import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  index,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { asciiId, modeColumn, timestampMs } from './util/columns.js';

export const ACCOUNT_KINDS = [
  'shopper_wallet',
  'merchant_balance',
  'provider_clearing',
  'payout_clearing',
  'platform_fees',
  'suspense',
] as const;

export const OWNER_TYPES = ['shopper', 'merchant', 'provider', 'platform'] as const;

/**
 * A ledger account: one currency, a posted balance in minor units (credits minus debits) and the
 * amounts reserved by pending two-phase transfers. The balance is only ever changed by the ledger
 * writer, together with the posting that explains it.
 */
export const ledgerAccounts = mysqlTable(
  'ledger_accounts',
  {
    id: asciiId('id', { length: 40 }).primaryKey(),
    ownerType: mysqlEnum('owner_type', OWNER_TYPES).notNull(),
    // Empty string for platform-wide accounts, so the unique key below also covers them.
    ownerId: varchar('owner_id', { length: 64 }).notNull(),
    kind: mysqlEnum('kind', ACCOUNT_KINDS).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    mode: modeColumn().notNull().default('test'),
    balance: bigint('balance', { mode: 'number' }).notNull().default(0),
    pendingDebits: bigint('pending_debits', { mode: 'number' }).notNull().default(0),
    pendingCredits: bigint('pending_credits', { mode: 'number' }).notNull().default(0),
    // How many postings the account has: the next posting's `seq` is this plus one. Advanced by
    // the writer under the account's row lock, together with the balance.
    postingSeq: bigint('posting_seq', { mode: 'number', unsigned: true }).notNull().default(0),
    // Advanced by every change to the row (the writer's balances, closing): a batch computed
    // ahead of its locks writes its balances only where the row is still at the version it read.
    version: bigint('version', { mode: 'number', unsigned: true }).notNull().default(0),
    // Wallets and merchant balances must not go below zero; system accounts may.
    allowNegative: boolean('allow_negative').notNull().default(false),
    status: mysqlEnum('status', ['open', 'closed']).notNull().default('open'),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex('ledger_accounts_owner_uq').on(t.ownerType, t.ownerId, t.kind, t.currency, t.mode),
    index('ledger_accounts_kind_idx').on(t.kind, t.currency),
  ],
);

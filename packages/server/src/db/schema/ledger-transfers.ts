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
import { json, timestampMs } from './util/columns.js';

export const TRANSFER_KINDS = [
  'deposit',
  'withdrawal',
  'payment',
  'fee',
  'refund',
  'payout',
  'adjustment',
] as const;

export const TRANSFER_STATUSES = ['pending', 'posted', 'voided'] as const;

/**
 * A movement of `amount` from the debit account to the credit account. Single-phase transfers are
 * born `posted`; two-phase ones are born `pending` (the amount reserved on both accounts) and
 * end `posted` (possibly for less: `posted_amount`) or `voided`.
 */
export const ledgerTransfers = mysqlTable(
  'ledger_transfers',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    // Unique across the ledger: a retry with the same key returns the first transfer.
    idempotencyKey: varchar('idempotency_key', { length: 191 }).notNull(),
    debitAccountId: varchar('debit_account_id', { length: 40 }).notNull(),
    creditAccountId: varchar('credit_account_id', { length: 40 }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    postedAmount: bigint('posted_amount', { mode: 'number' }),
    currency: char('currency', { length: 3 }).notNull(),
    kind: mysqlEnum('kind', TRANSFER_KINDS).notNull(),
    status: mysqlEnum('status', TRANSFER_STATUSES).notNull(),
    // Created pending (two-phase) rather than posted at once: part of the idempotency comparison.
    twoPhase: boolean('two_phase').notNull().default(false),
    reference: varchar('reference', { length: 191 }),
    // Legs created together (all or nothing) share this id.
    linkedId: varchar('linked_id', { length: 40 }),
    metadata: json('metadata'),
    // A pending transfer still pending at this instant voids itself.
    timeoutAt: timestampMs('timeout_at'),
    createdAt: timestampMs('created_at').notNull(),
    postedAt: timestampMs('posted_at'),
    voidedAt: timestampMs('voided_at'),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex('ledger_transfers_idempotency_uq').on(t.idempotencyKey),
    // No per-account index: an account's posted transfers are found through its postings, and
    // every index here is paid on each of the ledger's hottest inserts.
    index('ledger_transfers_reference_idx').on(t.reference),
    // The expiry sweeper's query: pending transfers past their timeout.
    index('ledger_transfers_pending_timeout_idx').on(t.status, t.timeoutAt),
  ],
);

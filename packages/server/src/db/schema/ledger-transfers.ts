import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { asciiId, json, timestampMs } from './util/columns.js';

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
    id: asciiId('id', { length: 40 }).primaryKey(),
    // Unique across the ledger: a retry with the same key returns the first transfer.
    idempotencyKey: asciiId('idempotency_key', { length: 191 }).notNull(),
    debitAccountId: asciiId('debit_account_id', { length: 40 }).notNull(),
    creditAccountId: asciiId('credit_account_id', { length: 40 }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    postedAmount: bigint('posted_amount', { mode: 'number' }),
    currency: char('currency', { length: 3 }).notNull(),
    kind: mysqlEnum('kind', TRANSFER_KINDS).notNull(),
    status: mysqlEnum('status', TRANSFER_STATUSES).notNull(),
    // Created pending (two-phase) rather than posted at once: part of the idempotency comparison.
    twoPhase: boolean('two_phase').notNull().default(false),
    reference: varchar('reference', { length: 191 }),
    // Legs created together (all or nothing) share this id.
    linkedId: asciiId('linked_id', { length: 40 }),
    metadata: json('metadata'),
    // A pending transfer still pending at this instant voids itself (the sweeper finds it
    // through ledger_pending_timeouts).
    timeoutAt: timestampMs('timeout_at'),
    createdAt: timestampMs('created_at').notNull(),
    postedAt: timestampMs('posted_at'),
    voidedAt: timestampMs('voided_at'),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex('ledger_transfers_idempotency_uq').on(t.idempotencyKey),
    // No other index: each one is paid on every payment, the ledger's hottest insert. An
    // account's posted transfers are found through its postings, pending timeouts through
    // `ledger_pending_timeouts`, and a transfer by its id or idempotency key.
  ],
);

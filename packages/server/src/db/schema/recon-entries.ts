import { bigint, char, mysqlEnum, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
import { asciiId, modeColumn, timestampMs } from './util/columns.js';

export const RECON_SOURCES = ['record', 'ledger', 'provider'] as const;
export type ReconSource = (typeof RECON_SOURCES)[number];
export const RECON_KINDS = ['payment', 'refund', 'deposit', 'withdrawal', 'payout'] as const;
export type ReconKind = (typeof RECON_KINDS)[number];

/**
 * A run's working set: every source's view of every line, written by INSERT … SELECT on the
 * database server and compared page by page in `match_key` order, so the run's memory does not
 * grow with the volume. The primary key makes staging idempotent (a resumed run re-stages with
 * INSERT IGNORE) and is the order the comparison reads in. Deleted when the run completes.
 */
export const reconEntries = mysqlTable(
  'recon_entries',
  {
    runId: asciiId('run_id', { length: 40 }).notNull(),
    // `pay:<order>`, `rfd:<order>`, `dep:<provider payment>`, `wd:<withdrawal>`, `po:<payout>`,
    // `ref:<provider reference>` for provider lines naming nothing we know.
    matchKey: asciiId('match_key', { length: 120 }).notNull(),
    source: mysqlEnum('source', RECON_SOURCES).notNull(),
    // The row this entry comes from (order, transfer, settlement line), to tell duplicates apart.
    itemRef: asciiId('item_ref', { length: 160 }).notNull(),
    kind: mysqlEnum('kind', RECON_KINDS).notNull(),
    merchantId: varchar('merchant_id', { length: 40 }),
    mode: modeColumn(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: varchar('status', { length: 32 }).notNull(),
    // Whether the record expects the provider to settle it (provider payments, not wallet ones).
    viaProvider: mysqlEnum('via_provider', ['yes', 'no']).notNull(),
    subjectAt: timestampMs('subject_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'recon_entries_pk', columns: [t.runId, t.matchKey, t.source, t.itemRef] }),
  ],
);

import { sql } from 'drizzle-orm';
import { boolean, index, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { json, timestampMs } from './util/columns.js';

/** Each run of the ledger invariant check from the admin portal: when, how long, what it found. */
export const ledgerChecks = mysqlTable(
  'ledger_checks',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    ok: boolean('ok').notNull(),
    startedAt: timestampMs('started_at').notNull(),
    finishedAt: timestampMs('finished_at').notNull(),
    durationMs: int('duration_ms', { unsigned: true }).notNull(),
    // The full report (counts, totals, every invariant with up to 20 offending rows).
    report: json('report').notNull(),
    startedBy: varchar('started_by', { length: 40 }).notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('ledger_checks_started_idx').on(t.startedAt)],
);

import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { asciiId, json, timestampMs } from './util/columns.js';

export const RECON_RUN_STATUSES = ['running', 'completed', 'failed'] as const;
export type ReconRunStatus = (typeof RECON_RUN_STATUSES)[number];

/**
 * One reconciliation of a period (and optionally one merchant). `active_scope` holds the scope
 * while the run is unfinished and NULL afterwards: its unique index is what stops two runs of
 * the same scope from working at once, across processes. `phase` and `cursor` are written with
 * each page's results, so a run that died resumes where its last page committed.
 */
export const reconRuns = mysqlTable(
  'recon_runs',
  {
    id: asciiId('id', { length: 40 }).primaryKey(),
    scopeKey: asciiId('scope_key', { length: 120 }).notNull(),
    activeScope: asciiId('active_scope', { length: 120 }),
    merchantId: varchar('merchant_id', { length: 40 }),
    periodFrom: timestampMs('period_from').notNull(),
    periodTo: timestampMs('period_to').notNull(),
    origin: mysqlEnum('origin', ['schedule', 'manual']).notNull(),
    status: mysqlEnum('status', RECON_RUN_STATUSES).notNull().default('running'),
    phase: varchar('phase', { length: 32 }).notNull(),
    pageCursor: asciiId('page_cursor', { length: 200 }),
    totalLines: int('total_lines', { unsigned: true }).notNull().default(0),
    processedLines: int('processed_lines', { unsigned: true }).notNull().default(0),
    // Lines per outcome (`matched` and each category), summed page by page with the cursor.
    counts: json('counts').$type<Record<string, number>>().notNull(),
    ledgerOk: boolean('ledger_ok'),
    ledgerReport: json('ledger_report'),
    // The process working on the run and until when; a lapsed lease lets another resume it.
    leaseOwner: asciiId('lease_owner', { length: 40 }),
    leaseUntil: timestampMs('lease_until'),
    error: varchar('error', { length: 500 }),
    createdBy: varchar('created_by', { length: 40 }),
    startedAt: timestampMs('started_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    finishedAt: timestampMs('finished_at'),
  },
  (t) => [
    uniqueIndex('recon_runs_active_uq').on(t.activeScope),
    index('recon_runs_started_idx').on(t.startedAt),
  ],
);

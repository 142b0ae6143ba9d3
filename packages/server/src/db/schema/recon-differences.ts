import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { RECON_KINDS } from './recon-entries.js';
import { asciiId, json, modeColumn, timestampMs } from './util/columns.js';

export const RECON_CATEGORIES = [
  'missing_in_ledger',
  'missing_at_provider',
  'missing_order',
  'amount_mismatch',
  'currency_mismatch',
  'status_mismatch',
  'duplicate',
] as const;
export type ReconCategory = (typeof RECON_CATEGORIES)[number];
export const RECON_DIFFERENCE_STATUSES = ['open', 'resolved'] as const;
export const RECON_RESOLUTIONS = ['adjustment', 'explained', 'auto'] as const;
export type ReconResolution = (typeof RECON_RESOLUTIONS)[number];

export type SourceView = { amount: number; currency: string; status: string; count: number };
export type DifferenceDetails = {
  record?: SourceView | undefined;
  ledger?: SourceView | undefined;
  provider?: SourceView | undefined;
};

/**
 * A difference found by reconciliation, one per line and category: the unique key is what makes
 * a rerun find the same row instead of adding one. Differences a later run of the same scope no
 * longer finds (a settlement that arrived the next day) are resolved `auto`.
 */
export const reconDifferences = mysqlTable(
  'recon_differences',
  {
    id: asciiId('id', { length: 40 }).primaryKey(),
    matchKey: asciiId('match_key', { length: 120 }).notNull(),
    category: mysqlEnum('category', RECON_CATEGORIES).notNull(),
    kind: mysqlEnum('kind', RECON_KINDS).notNull(),
    // The order, provider payment, withdrawal, payout or provider reference concerned.
    subjectId: asciiId('subject_id', { length: 100 }).notNull(),
    merchantId: varchar('merchant_id', { length: 40 }),
    mode: modeColumn(),
    currency: char('currency', { length: 3 }).notNull(),
    // The signed amount by which the ledger differs from the record (record - ledger), a hint for
    // the adjustment; 0 when there is nothing to move (a duplicate at the provider, a status).
    delta: bigint('delta', { mode: 'number' }).notNull(),
    details: json('details').$type<DifferenceDetails>().notNull(),
    subjectAt: timestampMs('subject_at').notNull(),
    status: mysqlEnum('status', RECON_DIFFERENCE_STATUSES).notNull().default('open'),
    resolution: mysqlEnum('resolution', RECON_RESOLUTIONS),
    resolutionNote: varchar('resolution_note', { length: 1000 }),
    adjustmentTransferId: asciiId('adjustment_transfer_id', { length: 40 }),
    // Bumped by every resolve and reopen: the fence of manual changes, and part of the ledger
    // key of an adjustment (a reopened difference may be adjusted again, once per resolution).
    revision: int('revision', { unsigned: true }).notNull().default(1),
    assigneeId: varchar('assignee_id', { length: 40 }),
    resolvedBy: varchar('resolved_by', { length: 40 }),
    resolvedAt: timestampMs('resolved_at'),
    firstRunId: asciiId('first_run_id', { length: 40 }).notNull(),
    lastRunId: asciiId('last_run_id', { length: 40 }).notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex('recon_differences_line_uq').on(t.matchKey, t.category),
    // The queue: open differences oldest first.
    index('recon_differences_status_idx').on(t.status, t.createdAt),
    // A run closes what it no longer finds in its period; a merchant reads its period's.
    index('recon_differences_subject_idx').on(t.subjectAt),
    index('recon_differences_merchant_idx').on(t.merchantId, t.mode, t.subjectAt),
  ],
);

export const reconComments = mysqlTable(
  'recon_comments',
  {
    id: asciiId('id', { length: 40 }).primaryKey(),
    differenceId: asciiId('difference_id', { length: 40 }).notNull(),
    authorId: varchar('author_id', { length: 40 }).notNull(),
    body: varchar('body', { length: 2000 }).notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('recon_comments_difference_idx').on(t.differenceId, t.createdAt)],
);

/**
 * What stakeholders were already told about (a difference, a stuck order, an exception), so
 * the notifier mails each once however often it runs and in however many processes.
 */
export const stakeholderNotifications = mysqlTable(
  'stakeholder_notifications',
  {
    subjectType: varchar('subject_type', { length: 32 }).notNull(),
    subjectId: asciiId('subject_id', { length: 100 }).notNull(),
    notifiedAt: timestampMs('notified_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('stakeholder_notifications_uq').on(t.subjectType, t.subjectId)],
);

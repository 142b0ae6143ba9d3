import { sql } from 'drizzle-orm';
import { bigint, index, mysqlTable, primaryKey, text, varchar } from 'drizzle-orm/mysql-core';
import { timestampMs } from './util/columns.js';

/** What the search index holds. `campaign` documents arrive when campaigns (issue #22 A) emit events. */
export const SEARCH_KINDS = ['merchant', 'order', 'campaign'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * The default search index (MariaDB InnoDB FULLTEXT), kept from the event stream by the
 * `search-index` consumer. One row per record; the record's own version guards the upsert, so
 * an older reading never overwrites a newer one. The FULLTEXT index on `searchable` is added by
 * hand in the migration (drizzle-kit has no FULLTEXT index).
 */
export const searchDocuments = mysqlTable(
  'search_documents',
  {
    kind: varchar('kind', { length: 16 }).notNull(),
    recordId: varchar('record_id', { length: 64 }).notNull(),
    // The tenant: the merchant owning the record (a merchant's own document: its id).
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    // '' for records of both modes (merchants).
    mode: varchar('mode', { length: 4 }).notNull().default(''),
    title: varchar('title', { length: 300 }).notNull(),
    body: varchar('body', { length: 1000 }).notNull().default(''),
    searchable: text('searchable').notNull(),
    // What FULLTEXT tokenises badly: the merchant's order reference or the campaign code, and
    // an email (shopper's or merchant contact's). Matched through `search_terms`, not here.
    refKey: varchar('ref_key', { length: 191 }),
    emailKey: varchar('email_key', { length: 254 }),
    shopperId: varchar('shopper_id', { length: 40 }),
    status: varchar('status', { length: 32 }),
    // The record's version when read; an upsert with a lower one is ignored. BIGINT: a campaign's
    // events carry no version, and their time in milliseconds stands in for it.
    sourceVersion: bigint('source_version', { mode: 'number', unsigned: true }).notNull(),
    recordCreatedAt: timestampMs('record_created_at').notNull(),
    // The event that caused this write (its occurredAt) and when the write happened: index lag.
    eventAt: timestampMs('event_at').notNull(),
    indexedAt: timestampMs('indexed_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    primaryKey({ name: 'search_documents_pk', columns: [t.kind, t.recordId] }),
    // The lag read: the most recent writes.
    index('search_documents_indexed_idx').on(t.indexedAt),
  ],
);

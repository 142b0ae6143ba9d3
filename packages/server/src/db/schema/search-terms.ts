import { bigint, index, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';

/** The exact keys of a search document, one row each: its id, its reference or code, its email. */
export const SEARCH_TERM_FIELDS = ['id', 'ref', 'email'] as const;
export type SearchTermField = (typeof SEARCH_TERM_FIELDS)[number];

/**
 * The search index's exact terms, beside `search_documents` and written with it by the same
 * consumer (same transaction, same version guard). FULLTEXT splits `ord_…`, `INV-0042` and
 * `a@b.com` into pieces and a boolean `+ord*` reads every order's posting (p99 ~450 ms at 100k
 * orders); a B-tree prefix range here reads only the rows that match.
 *
 * One row per document and field, `term` NULL when the document has none, so an upsert
 * replaces a term without a DELETE (whose gap locks deadlock concurrent consumers).
 */
export const searchTerms = mysqlTable(
  'search_terms',
  {
    kind: varchar('kind', { length: 16 }).notNull(),
    recordId: varchar('record_id', { length: 64 }).notNull(),
    field: varchar('field', { length: 8 }).notNull(),
    // Lower-cased; matched by prefix (`LIKE 'inv-2026%'`).
    term: varchar('term', { length: 254 }),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: varchar('mode', { length: 4 }).notNull().default(''),
    sourceVersion: bigint('source_version', { mode: 'number', unsigned: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'search_terms_pk', columns: [t.kind, t.recordId, t.field] }),
    // A merchant's lookups: the merchant first, so one merchant's range is all that is read.
    index('search_terms_merchant_idx').on(t.merchantId, t.term, t.mode),
    // Platform staff across merchants.
    index('search_terms_term_idx').on(t.term, t.mode),
  ],
);

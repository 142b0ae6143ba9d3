import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { SEARCH_KINDS, type SearchKind, type SearchTermField } from '../../db/schema/index.js';
import type { Cell } from '../ledger/bulk-rows.js';
import { sqlTime } from '../ledger/sql-literals.js';
import type { SearchDocument, SearchHit, SearchIndex, SearchScope } from './search-index.js';

// InnoDB's default FULLTEXT stopwords: a required (+) stopword would match nothing, so they are
// dropped from queries (they are not in the index either).
const STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);
// innodb_ft_min_token_size: shorter words are not indexed.
const MIN_TOKEN = 3;
// Columns updated on a duplicate key, `source_version` last: MySQL applies the assignments in
// order and later ones see the new values, so the guard must read the old version throughout.
const DOCUMENT_UPDATED = [
  'merchant_id',
  'mode',
  'title',
  'body',
  'searchable',
  'ref_key',
  'email_key',
  'shopper_id',
  'status',
  'record_created_at',
  'event_at',
] as const;
const TERM_UPDATED = ['term', 'merchant_id', 'mode'] as const;

/** The columns of `search_documents` a document fills (`indexed_at` is the write's own time). */
export const DOCUMENT_COLUMNS = [
  'kind',
  'record_id',
  'merchant_id',
  'mode',
  'title',
  'body',
  'searchable',
  'ref_key',
  'email_key',
  'shopper_id',
  'status',
  'source_version',
  'record_created_at',
  'event_at',
] as const;
/** The columns of `search_terms`: one row per document and exact field. */
export const TERM_COLUMNS = [
  'kind',
  'record_id',
  'field',
  'term',
  'merchant_id',
  'mode',
  'source_version',
] as const;

/** A document as its `search_documents` row (in `DOCUMENT_COLUMNS` order). */
export function documentCells(d: SearchDocument): Cell[] {
  return [
    d.kind,
    d.recordId,
    d.merchantId,
    d.mode,
    d.title.slice(0, 300),
    d.body.slice(0, 1000),
    `${tenantWord(d.merchantId)} ${d.searchable}`,
    d.refKey?.slice(0, 191) ?? null,
    d.emailKey?.slice(0, 254) ?? null,
    d.shopperId,
    d.status,
    d.sourceVersion,
    sqlTime(d.recordCreatedAt),
    sqlTime(d.eventAt),
  ];
}

/**
 * A document's exact terms as `search_terms` rows (in `TERM_COLUMNS` order): its id, its
 * reference or code, its email, lower-cased. Every field has its row (a NULL term when the
 * document has none), so a write replaces an old term instead of leaving it behind.
 */
export function termCells(d: SearchDocument): Cell[][] {
  const fields: [SearchTermField, string | null][] = [
    ['id', d.recordId],
    ['ref', d.refKey],
    ['email', d.emailKey],
  ];
  return fields.map(([field, term]) => [
    d.kind,
    d.recordId,
    field,
    term ? term.toLowerCase().slice(0, 254) : null,
    d.merchantId,
    d.mode,
    d.sourceVersion,
  ]);
}

/**
 * A single token holding `@`, `_` or digits next to punctuation is an identifier: an id, an
 * order reference, an email. It is looked up exactly only: FULLTEXT would split it into pieces
 * that are in nearly every document (`ord`, `inv`, `example`) and read all their postings.
 */
export function isExactTerm(query: string): boolean {
  const q = query.trim();
  return !/\s/.test(q) && /[^\p{L}\p{N}]/u.test(q) && /[@_\p{N}]/u.test(q);
}

/**
 * The tenant's word, first in every document's FULLTEXT text. A merchant's word search requires
 * it (`+_t_mch_… +teapot*`), so the FULLTEXT index itself narrows to the merchant's documents:
 * without it a word in 1,500 of 1,000,000 documents (other merchants' mostly) meant 1,500 row
 * reads to filter by merchant, p50 ~150 ms. A query's own words never begin with `_`
 * (`fullTextQuery` keeps letters and digits), so none matches it by prefix. FULLTEXT compares
 * case-insensitively, so `merchant_id = ?` stays in the query as the authority.
 */
export function tenantWord(merchantId: string): string {
  return `_t_${merchantId}`;
}

/** The words of a query as a boolean-mode FULLTEXT expression: every word required, as a prefix. */
export function fullTextQuery(query: string): string | null {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= MIN_TOKEN && !STOPWORDS.has(w));
  if (words.length === 0) return null;
  return [...new Set(words)]
    .slice(0, 8)
    .map((w) => `+${w}*`)
    .join(' ');
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Whose rows a search may read, on the table behind `t` (both tables carry the tenant). */
function scopeSql(t: string, scope: SearchScope, kinds: readonly SearchKind[] | undefined): SQL {
  const col = (name: string) => sql.raw(`${t}.${name}`);
  const parts: SQL[] = [];
  if (scope.kind === 'merchant') {
    parts.push(
      sql`${col('merchant_id')} = ${scope.merchantId}`,
      sql`${col('mode')} IN (${scope.mode}, '')`,
    );
  } else {
    if (scope.merchantId) parts.push(sql`${col('merchant_id')} = ${scope.merchantId}`);
    if (scope.mode) parts.push(sql`${col('mode')} IN (${scope.mode}, '')`);
  }
  // Every kind is no condition at all (and leaves an unscoped word search to the FULLTEXT index).
  const wanted = kinds?.filter((k) => SEARCH_KINDS.includes(k)) ?? [];
  if (wanted.length > 0 && wanted.length < SEARCH_KINDS.length) {
    parts.push(
      sql`${col('kind')} IN (${sql.join(
        wanted.map((k) => sql`${k}`),
        sql`, `,
      )})`,
    );
  }
  return parts.length > 0 ? sql.join(parts, sql` AND `) : sql`TRUE`;
}

type Row = {
  kind: SearchKind;
  record_id: string;
  merchant_id: string;
  mode: string;
  title: string;
  body: string;
  status: string | null;
  shopper_id: string | null;
  email_key: string | null;
  record_created_at: Date | string;
};

const COLUMNS = sql.raw(
  'd.kind, d.record_id, d.merchant_id, d.mode, d.title, d.body, d.status, d.shopper_id, d.email_key, d.record_created_at',
);

function createdAtOf(row: Row): Date {
  return row.record_created_at instanceof Date
    ? row.record_created_at
    : new Date(`${String(row.record_created_at).replace(' ', 'T')}Z`);
}

function toHit(row: Row, match: SearchHit['match']): SearchHit {
  return {
    kind: row.kind,
    id: row.record_id,
    merchantId: row.merchant_id,
    mode: row.mode,
    title: row.title,
    body: row.body,
    status: row.status,
    shopperId: row.shopper_id,
    email: row.email_key,
    createdAt: createdAtOf(row),
    match,
  };
}

function valuesOf(rows: readonly (readonly Cell[])[], extra?: SQL): SQL {
  return sql.join(
    rows.map(
      (cells) =>
        sql`(${sql.join([...cells.map((c) => sql`${c}`), ...(extra ? [extra] : [])], sql`, `)})`,
    ),
    sql`, `,
  );
}

/** `col = new value` for each column, only when the incoming version is not older. */
function guardedSet(columns: readonly string[], extra: readonly string[] = []): SQL {
  const guard = (column: string) =>
    sql.raw(
      `${column} = IF(VALUES(source_version) >= source_version, VALUES(${column}), ${column})`,
    );
  return sql.join(
    [
      ...columns.map(guard),
      ...extra.map((e) => sql.raw(e)),
      sql.raw('source_version = GREATEST(source_version, VALUES(source_version))'),
    ],
    sql`, `,
  );
}

/**
 * The default search index: words in `search_documents` through an InnoDB FULLTEXT index; ids,
 * references/codes and emails in `search_terms` through B-tree prefix ranges, the merchant
 * leading for a merchant's search. Both tables are written in one statement each, in the
 * caller's transaction.
 */
export function createSqlSearchIndex(options: { db: DbOrTx }): SearchIndex {
  const { db } = options;
  return {
    async index({ tx, documents }) {
      if (documents.length === 0) return;
      // Key order, so two consumers writing overlapping batches never deadlock.
      const sorted = [...documents].sort((a, b) =>
        `${a.kind}|${a.recordId}` < `${b.kind}|${b.recordId}` ? -1 : 1,
      );
      const run = tx ?? db;
      await run.execute(sql`
        INSERT INTO search_documents (${sql.raw(DOCUMENT_COLUMNS.join(', '))}, indexed_at)
        VALUES ${valuesOf(sorted.map(documentCells), sql`CURRENT_TIMESTAMP(3)`)}
        ON DUPLICATE KEY UPDATE ${guardedSet(DOCUMENT_UPDATED, [
          'indexed_at = IF(VALUES(source_version) >= source_version, CURRENT_TIMESTAMP(3), indexed_at)',
        ])}`);
      await run.execute(sql`
        INSERT INTO search_terms (${sql.raw(TERM_COLUMNS.join(', '))})
        VALUES ${valuesOf(sorted.flatMap(termCells))}
        ON DUPLICATE KEY UPDATE ${guardedSet(TERM_UPDATED)}`);
    },

    async remove({ tx, kind, recordId }) {
      const run = tx ?? db;
      await run.execute(
        sql`DELETE FROM search_documents WHERE kind = ${kind} AND record_id = ${recordId}`,
      );
      await run.execute(
        sql`DELETE FROM search_terms WHERE kind = ${kind} AND record_id = ${recordId}`,
      );
    },

    async search({ scope, query, kinds, limit }) {
      const q = query.trim();
      const hits = new Map<string, SearchHit>();
      const add = (rows: Row[], match: SearchHit['match']) => {
        for (const row of rows) {
          const key = `${row.kind}|${row.record_id}`;
          if (!hits.has(key) && hits.size < limit) hits.set(key, toHit(row, match));
        }
      };
      // An id, a reference, an email, or their beginning: a range of the terms' B-tree. A
      // document matches on at most three fields, so three times the limit gives `limit` of them.
      if (q.length >= MIN_TOKEN) {
        const [rows] = (await db.execute(sql`
          SELECT ${COLUMNS} FROM search_terms t
            JOIN search_documents d ON d.kind = t.kind AND d.record_id = t.record_id
           WHERE t.term LIKE ${`${escapeLike(q.toLowerCase())}%`} AND ${scopeSql('t', scope, kinds)}
           ORDER BY t.term LIMIT ${limit * 3}`)) as unknown as [Row[]];
        add(rows, 'exact');
      }
      const words = isExactTerm(q) ? null : fullTextQuery(q);
      if (words && hits.size < limit && scope.merchantId) {
        // One merchant: its tenant word required, so the matches (and the rows the sort reads)
        // are that merchant's only; best match first, then the newest.
        const against = `+${tenantWord(scope.merchantId)} ${words}`;
        const [rows] = (await db.execute(sql`
          SELECT ${COLUMNS} FROM search_documents d
           WHERE MATCH (d.searchable) AGAINST (${against} IN BOOLEAN MODE)
             AND ${scopeSql('d', scope, kinds)}
           ORDER BY MATCH (d.searchable) AGAINST (${against} IN BOOLEAN MODE) DESC,
                    d.record_created_at DESC
           LIMIT ${limit}`)) as unknown as [Row[]];
        add(rows, 'text');
      } else if (words && hits.size < limit) {
        // Across merchants: the first `limit` matches the index yields, newest first among them,
        // not the best of all. Ranking every match means reading every matching row (MariaDB
        // sorts them; a word in 1,500 of 1M documents: p50 ~150 ms with a cold buffer pool)
        // while without ORDER BY the scan stops at `limit` rows (~5 ms). Ranked search across
        // all merchants at that size is what the OpenSearch adapter is for (README).
        const [rows] = (await db.execute(sql`
          SELECT ${COLUMNS} FROM search_documents d
           WHERE MATCH (d.searchable) AGAINST (${words} IN BOOLEAN MODE)
             AND ${scopeSql('d', scope, kinds)}
           LIMIT ${limit}`)) as unknown as [Row[]];
        add(
          rows.sort((a, b) => createdAtOf(b).getTime() - createdAtOf(a).getTime()),
          'text',
        );
      }
      return [...hits.values()];
    },
  };
}

import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { SEARCH_KINDS, type SearchKind } from '../../db/schema/index.js';
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
const UPDATED = [
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

function scopeSql(scope: SearchScope, kinds: readonly SearchKind[] | undefined): SQL {
  const parts: SQL[] = [];
  if (scope.kind === 'merchant') {
    parts.push(sql`merchant_id = ${scope.merchantId}`, sql`mode IN (${scope.mode}, '')`);
  } else {
    if (scope.merchantId) parts.push(sql`merchant_id = ${scope.merchantId}`);
    if (scope.mode) parts.push(sql`mode IN (${scope.mode}, '')`);
  }
  const wanted = kinds && kinds.length > 0 ? kinds : SEARCH_KINDS;
  parts.push(
    sql`kind IN (${sql.join(
      wanted.map((k) => sql`${k}`),
      sql`, `,
    )})`,
  );
  return sql.join(parts, sql` AND `);
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
  'kind, record_id, merchant_id, mode, title, body, status, shopper_id, email_key, record_created_at',
);

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
    createdAt:
      row.record_created_at instanceof Date
        ? row.record_created_at
        : new Date(`${String(row.record_created_at).replace(' ', 'T')}Z`),
    match,
  };
}

/**
 * The default search index: the `search_documents` table, words through an InnoDB FULLTEXT
 * index, ids, references/codes and emails through prefix ranges on their own B-tree indexes
 * (FULLTEXT splits `ord_…` and `a@b.com` into pieces, and drops pieces under 3 characters).
 */
export function createSqlSearchIndex(options: { db: DbOrTx }): SearchIndex {
  const { db } = options;
  return {
    async index({ tx, documents }) {
      if (documents.length === 0) return;
      // Key order, so two consumers writing overlapping batches never deadlock.
      const rows = [...documents].sort((a, b) =>
        `${a.kind}|${a.recordId}` < `${b.kind}|${b.recordId}` ? -1 : 1,
      );
      const values = sql.join(
        rows.map(
          (d) =>
            sql`(${d.kind}, ${d.recordId}, ${d.merchantId}, ${d.mode}, ${d.title.slice(0, 300)}, ${d.body.slice(0, 1000)}, ${d.searchable}, ${d.refKey?.slice(0, 191) ?? null}, ${d.emailKey?.slice(0, 254) ?? null}, ${d.shopperId}, ${d.status}, ${d.sourceVersion}, ${d.recordCreatedAt}, ${d.eventAt}, CURRENT_TIMESTAMP(3))`,
        ),
        sql`, `,
      );
      const guard = (column: string) =>
        sql.raw(
          `${column} = IF(VALUES(source_version) >= source_version, VALUES(${column}), ${column})`,
        );
      const set = sql.join(
        [
          ...UPDATED.map(guard),
          sql.raw(
            'indexed_at = IF(VALUES(source_version) >= source_version, CURRENT_TIMESTAMP(3), indexed_at)',
          ),
          sql.raw('source_version = GREATEST(source_version, VALUES(source_version))'),
        ],
        sql`, `,
      );
      await (tx ?? db).execute(sql`
        INSERT INTO search_documents (kind, record_id, merchant_id, mode, title, body, searchable,
          ref_key, email_key, shopper_id, status, source_version, record_created_at, event_at,
          indexed_at)
        VALUES ${values}
        ON DUPLICATE KEY UPDATE ${set}`);
    },

    async remove({ tx, kind, recordId }) {
      await (tx ?? db).execute(
        sql`DELETE FROM search_documents WHERE kind = ${kind} AND record_id = ${recordId}`,
      );
    },

    async search({ scope, query, kinds, limit }) {
      const q = query.trim();
      const where = scopeSql(scope, kinds);
      const hits = new Map<string, SearchHit>();
      const add = (rows: Row[], match: SearchHit['match']) => {
        for (const row of rows) {
          const key = `${row.kind}|${row.record_id}`;
          if (!hits.has(key)) hits.set(key, toHit(row, match));
        }
      };
      // One word of 3+ characters: an id, a reference, an email, or their beginning.
      if (q.length >= MIN_TOKEN && !/\s/.test(q)) {
        const prefix = `${escapeLike(q)}%`;
        const exact = (column: string) =>
          sql`(SELECT ${COLUMNS} FROM search_documents
                WHERE ${sql.raw(column)} LIKE ${prefix} AND ${where}
                ORDER BY ${sql.raw(column)} LIMIT ${limit})`;
        const [rows] = (await db.execute(
          sql`${exact('record_id')} UNION ALL ${exact('ref_key')} UNION ALL ${exact('email_key')}`,
        )) as unknown as [Row[]];
        add(rows, 'exact');
      }
      const words = fullTextQuery(q);
      if (words && hits.size < limit) {
        const [rows] = (await db.execute(sql`
          SELECT ${COLUMNS} FROM search_documents
           WHERE MATCH (searchable) AGAINST (${words} IN BOOLEAN MODE) AND ${where}
           ORDER BY MATCH (searchable) AGAINST (${words} IN BOOLEAN MODE) DESC,
                    record_created_at DESC
           LIMIT ${limit}`)) as unknown as [Row[]];
        add(rows, 'text');
      }
      return [...hits.values()].slice(0, limit);
    },
  };
}

import type { DbOrTx } from '../../db/client.js';
import type { SearchKind } from '../../db/schema/index.js';

/** One record as the search index holds it, whatever the engine behind it. */
export type SearchDocument = {
  kind: SearchKind;
  recordId: string;
  /** The tenant: the merchant that owns the record (a merchant's own document: its id). */
  merchantId: string;
  /** `''` for records of both modes (merchants). */
  mode: string;
  title: string;
  body: string;
  /** The words the full-text search matches (ids are matched exactly, not here). */
  searchable: string;
  /** An order's reference or a campaign's code: matched exactly (by prefix). */
  refKey: string | null;
  /** The shopper's email (orders) or the contact email (merchants): matched exactly (by prefix). */
  emailKey: string | null;
  shopperId: string | null;
  status: string | null;
  /** The record's version when read: an older version never overwrites a newer one. */
  sourceVersion: number;
  recordCreatedAt: Date;
  /** When the event that caused this write happened (for the index lag). */
  eventAt: Date;
};

/** Whose records a search may see: a merchant sees only its own, in one mode; admins all. */
export type SearchScope =
  | { kind: 'all'; merchantId?: string | undefined; mode?: string | undefined }
  | { kind: 'merchant'; merchantId: string; mode: string };

export type SearchHit = {
  kind: SearchKind;
  id: string;
  merchantId: string;
  mode: string;
  title: string;
  body: string;
  status: string | null;
  shopperId: string | null;
  email: string | null;
  createdAt: Date;
  /** `exact`: the query is a prefix of the id, reference/code or email; `text`: full-text. */
  match: 'exact' | 'text';
};

/**
 * The search index. The default is MariaDB/MySQL InnoDB FULLTEXT (`createSqlSearchIndex`); a
 * bigger engine (OpenSearch, Elasticsearch) implements the same three calls (see the README,
 * "Search and statistics"). `tx`, when given, is the consumer's transaction: an engine in the
 * same database writes in it (the document and the processed-event row commit together); an
 * external engine ignores it and relies on `sourceVersion` (external versioning) instead.
 */
export type SearchIndex = {
  index(options: { tx?: DbOrTx; documents: readonly SearchDocument[] }): Promise<void>;
  remove(options: { tx?: DbOrTx; kind: SearchKind; recordId: string }): Promise<void>;
  search(options: {
    scope: SearchScope;
    query: string;
    kinds?: readonly SearchKind[] | undefined;
    limit: number;
  }): Promise<SearchHit[]>;
};

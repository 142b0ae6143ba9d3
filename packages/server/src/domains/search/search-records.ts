import type { SearchKind } from '../../db/schema/index.js';
import type { SearchHit, SearchIndex, SearchScope } from './search-index.js';

export type SearchResult = {
  hits: SearchHit[];
  /** Shoppers whose email the query matched, from their orders' documents (newest order first). */
  shoppers: { shopperId: string; email: string; latestOrderId: string }[];
};

/**
 * The portal's global search: records of the caller's scope matching the query, and the
 * shoppers found by email among the orders. The caller's scope is decided by the router (the
 * policy has already refused merchant staff naming another merchant).
 */
export async function searchRecords(options: {
  index: SearchIndex;
  scope: SearchScope;
  query: string;
  kinds?: readonly SearchKind[] | undefined;
  limit: number;
}): Promise<SearchResult> {
  const hits = await options.index.search(options);
  const shoppers = new Map<string, SearchResult['shoppers'][number]>();
  const q = options.query.trim().toLowerCase();
  const byNewest = hits
    .filter((h) => h.kind === 'order' && h.shopperId && h.email)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  for (const h of byNewest) {
    if (!h.shopperId || !h.email || shoppers.has(h.shopperId)) continue;
    if (!h.email.includes(q) && h.match !== 'exact') continue;
    shoppers.set(h.shopperId, { shopperId: h.shopperId, email: h.email, latestOrderId: h.id });
  }
  return { hits, shoppers: [...shoppers.values()] };
}

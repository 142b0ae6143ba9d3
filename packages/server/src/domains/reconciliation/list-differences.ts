import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type ReconCategory, reconComments, reconDifferences } from '../../db/schema/index.js';
import { type DifferenceView, findDifference, toDifferenceView } from './difference-view.js';

/**
 * The queue, newest first (ids sort by creation), cursor-paginated: pass `nextCursor` back for
 * the next page. Filters combine.
 */
export async function listDifferences(options: {
  db: DbOrTx;
  status?: 'open' | 'resolved' | undefined;
  category?: ReconCategory | undefined;
  merchantId?: string | undefined;
  assigneeId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<{ items: DifferenceView[]; nextCursor: string | null }> {
  const rows = await options.db
    .select()
    .from(reconDifferences)
    .where(
      and(
        options.status ? eq(reconDifferences.status, options.status) : undefined,
        options.category ? eq(reconDifferences.category, options.category) : undefined,
        options.merchantId ? eq(reconDifferences.merchantId, options.merchantId) : undefined,
        options.assigneeId ? eq(reconDifferences.assigneeId, options.assigneeId) : undefined,
        options.cursor ? lt(reconDifferences.id, options.cursor) : undefined,
      ),
    )
    .orderBy(desc(reconDifferences.id))
    .limit(options.limit + 1);
  const items = rows.slice(0, options.limit).map(toDifferenceView);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > options.limit && last ? last.id : null };
}

/** One difference with its comments, oldest first. */
export async function getDifference(options: { db: DbOrTx; differenceId: string }) {
  const row = await findDifference(options);
  const comments = await options.db
    .select()
    .from(reconComments)
    .where(eq(reconComments.differenceId, row.id))
    .orderBy(reconComments.createdAt, reconComments.id);
  return {
    ...toDifferenceView(row),
    comments: comments.map((c) => ({
      id: c.id,
      authorId: c.authorId,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

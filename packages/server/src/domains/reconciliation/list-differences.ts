import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type ReconCategory, reconComments, reconDifferences } from '../../db/schema/index.js';
import { getDisplayNames } from '../merchants/display-names.js';
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
}): Promise<{ items: NamedDifference[]; nextCursor: string | null }> {
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
  return {
    items: await withNames(options.db, items),
    nextCursor: rows.length > options.limit && last ? last.id : null,
  };
}

export type NamedDifference = DifferenceView & {
  merchantName: string | null;
  assigneeName: string | null;
};

/** The merchant's and the assignee's names beside each difference (one query per kind). */
async function withNames(db: DbOrTx, items: DifferenceView[]): Promise<NamedDifference[]> {
  const names = await getDisplayNames({
    db,
    merchantIds: items.map((d) => d.merchantId),
    staffIds: items.map((d) => d.assigneeId),
  });
  return items.map((d) => ({
    ...d,
    merchantName: d.merchantId ? (names.merchants.get(d.merchantId) ?? null) : null,
    assigneeName: d.assigneeId ? (names.staff.get(d.assigneeId) ?? null) : null,
  }));
}

/** One difference with its comments, oldest first. */
export async function getDifference(options: { db: DbOrTx; differenceId: string }) {
  const row = await findDifference(options);
  const comments = await options.db
    .select()
    .from(reconComments)
    .where(eq(reconComments.differenceId, row.id))
    .orderBy(reconComments.createdAt, reconComments.id);
  const [named] = await withNames(options.db, [toDifferenceView(row)]);
  return {
    ...(named as NamedDifference),
    comments: comments.map((c) => ({
      id: c.id,
      authorId: c.authorId,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

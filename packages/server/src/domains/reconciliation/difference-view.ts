import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { reconDifferences } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';

export type DifferenceRow = typeof reconDifferences.$inferSelect;

/** What staff and merchants see of a difference (dates as ISO strings). */
export function toDifferenceView(row: DifferenceRow) {
  return {
    id: row.id,
    category: row.category,
    kind: row.kind,
    subjectId: row.subjectId,
    merchantId: row.merchantId,
    mode: row.mode,
    currency: row.currency,
    delta: row.delta,
    details: row.details,
    subjectAt: row.subjectAt.toISOString(),
    status: row.status,
    resolution: row.resolution,
    resolutionNote: row.resolutionNote,
    adjustmentTransferId: row.adjustmentTransferId,
    revision: row.revision,
    assigneeId: row.assigneeId,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    firstRunId: row.firstRunId,
    lastRunId: row.lastRunId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type DifferenceView = ReturnType<typeof toDifferenceView>;

/** The difference, locked for the caller's transaction when `forUpdate`. */
export async function findDifference(options: {
  db: DbOrTx;
  differenceId: string;
  forUpdate?: boolean;
}): Promise<DifferenceRow> {
  const query = options.db
    .select()
    .from(reconDifferences)
    .where(and(eq(reconDifferences.id, options.differenceId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('recon_difference_not_found', { field: 'differenceId' });
  return row;
}

/** The event payload naming a difference. */
export function differenceRef(row: DifferenceRow) {
  return {
    differenceId: row.id,
    category: row.category,
    kind: row.kind,
    subjectId: row.subjectId,
    merchantId: row.merchantId,
    currency: row.currency,
    delta: row.delta,
  };
}

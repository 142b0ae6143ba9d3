import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { reconComments, reconDifferences } from '../../db/schema/index.js';
import { newId } from '../../infra/id.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { type DifferenceView, findDifference, toDifferenceView } from './difference-view.js';

/** Gives a difference to a staff member (or back to the queue with `null`); audited. */
export async function assignDifference(options: {
  tx: Tx;
  actor: Actor;
  differenceId: string;
  assigneeId: string | null;
}): Promise<DifferenceView> {
  const { tx, actor } = options;
  const row = await findDifference({ db: tx, differenceId: options.differenceId, forUpdate: true });
  const now = new Date();
  await tx
    .update(reconDifferences)
    .set({ assigneeId: options.assigneeId, updatedAt: now })
    .where(eq(reconDifferences.id, row.id));
  await recordAudit({
    tx,
    actor,
    action: 'recon.difference.assign',
    targetType: 'recon_difference',
    targetId: row.id,
    merchantId: row.merchantId,
    before: { assigneeId: row.assigneeId },
    after: { assigneeId: options.assigneeId },
  });
  return toDifferenceView({ ...row, assigneeId: options.assigneeId, updatedAt: now });
}

/** Adds a comment to a difference's thread; audited. */
export async function commentDifference(options: {
  tx: Tx;
  actor: Actor;
  differenceId: string;
  body: string;
}): Promise<{ id: string; authorId: string; body: string; createdAt: string }> {
  const { tx, actor } = options;
  const row = await findDifference({ db: tx, differenceId: options.differenceId });
  const id = newId('rcc');
  const createdAt = new Date();
  await tx
    .insert(reconComments)
    .values({ id, differenceId: row.id, authorId: actor.id, body: options.body, createdAt });
  await recordAudit({
    tx,
    actor,
    action: 'recon.difference.comment',
    targetType: 'recon_difference',
    targetId: row.id,
    merchantId: row.merchantId,
    after: { commentId: id },
  });
  return { id, authorId: actor.id, body: options.body, createdAt: createdAt.toISOString() };
}

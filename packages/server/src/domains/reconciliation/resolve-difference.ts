import { and, eq } from 'drizzle-orm';
import type { Mode } from '../../db/schema/index.js';
import { reconDifferences } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { createTransfer } from '../ledger/index.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import {
  type DifferenceView,
  differenceRef,
  findDifference,
  toDifferenceView,
} from './difference-view.js';

export type Resolution =
  | { action: 'explained'; note: string }
  | {
      action: 'adjustment';
      /** Whose balance is corrected against the suspense account. */
      account: 'merchant' | 'provider_clearing';
      /** `credit`: suspense -> account; `debit`: account -> suspense. */
      direction: 'credit' | 'debit';
      amount: number;
      reason: string;
      /** For provider clearing: which provider (default `sandbox`). */
      provider?: string | undefined;
      /** For differences that name no mode (a payment nobody created). */
      mode?: Mode | undefined;
    };

/**
 * Closes an open difference. An adjustment is a ledger transfer between the suspense account and
 * the merchant's balance or a provider's clearing account, keyed by the difference and its
 * revision: a retried resolve (even after a crash between the transfer and the update) moves the
 * money once, and a reopened difference can be adjusted again under its new revision. The
 * status change, its audit row and its event commit together, fenced on the revision read.
 */
export async function resolveDifference(options: {
  services: PaymentServices;
  actor: Actor;
  differenceId: string;
  resolution: Resolution;
}): Promise<DifferenceView> {
  const { services, actor, resolution } = options;
  const row = await findDifference({ db: services.db, differenceId: options.differenceId });
  if (row.status !== 'open') throw new AppError('recon_difference_resolved');
  let transferId: string | null = null;
  let note: string;
  if (resolution.action === 'adjustment') {
    const mode = row.mode ?? resolution.mode;
    if (!mode) {
      throw new AppError('validation_failed', {
        message: 'This difference names no mode; say which (test or live).',
        field: 'resolution.mode',
      });
    }
    let target: string;
    if (resolution.account === 'merchant') {
      if (!row.merchantId) {
        throw new AppError('validation_failed', {
          message: 'This difference concerns no merchant; adjust a provider clearing account.',
          field: 'resolution.account',
        });
      }
      target = await services.accounts.merchantBalance(row.merchantId, row.currency, mode);
    } else {
      target = await services.accounts.providerClearing(
        resolution.provider ?? 'sandbox',
        row.currency,
        mode,
      );
    }
    const suspense = await services.accounts.platform('suspense', row.currency, mode);
    const credit = resolution.direction === 'credit';
    const { transfer } = await createTransfer({
      writer: services.ledger,
      idempotencyKey: `recon:${row.id}:r${row.revision}:adjust`,
      debitAccountId: credit ? suspense : target,
      creditAccountId: credit ? target : suspense,
      amount: resolution.amount,
      currency: row.currency,
      kind: 'adjustment',
      reference: row.subjectId,
      metadata: { differenceId: row.id, reason: resolution.reason, by: actor.id },
    });
    transferId = transfer.id;
    note = resolution.reason;
  } else {
    note = resolution.note;
  }
  const now = new Date();
  return services.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(reconDifferences)
      .set({
        status: 'resolved',
        resolution: resolution.action,
        resolutionNote: note,
        adjustmentTransferId: transferId,
        resolvedBy: actor.id,
        resolvedAt: now,
        revision: row.revision + 1,
        updatedAt: now,
      })
      .where(
        and(
          eq(reconDifferences.id, row.id),
          eq(reconDifferences.revision, row.revision),
          eq(reconDifferences.status, 'open'),
        ),
      );
    if (updated.affectedRows !== 1) throw new AppError('recon_difference_resolved');
    const after = await findDifference({ db: tx, differenceId: row.id });
    await recordAudit({
      tx,
      actor,
      action: 'recon.difference.resolve',
      targetType: 'recon_difference',
      targetId: row.id,
      merchantId: row.merchantId,
      before: { status: row.status, revision: row.revision },
      after: {
        status: 'resolved',
        resolution: resolution.action,
        note,
        adjustmentTransferId: transferId,
        ...(resolution.action === 'adjustment'
          ? {
              account: resolution.account,
              direction: resolution.direction,
              amount: resolution.amount,
            }
          : {}),
      },
    });
    await outbox.append({
      tx,
      type: 'reconciliation.difference_resolved',
      aggregateId: row.id,
      payload: {
        ...differenceRef(row),
        resolution: resolution.action,
        adjustmentTransferId: transferId,
        by: actor.id,
      },
    });
    return toDifferenceView(after);
  });
}

/** Reopens a resolved difference (its adjustment, if any, stays: a new resolution may add one). */
export async function reopenDifference(options: {
  services: PaymentServices;
  actor: Actor;
  differenceId: string;
  reason: string;
}): Promise<DifferenceView> {
  const { services, actor } = options;
  return services.db.transaction(async (tx) => {
    const row = await findDifference({
      db: tx,
      differenceId: options.differenceId,
      forUpdate: true,
    });
    if (row.status !== 'resolved') throw new AppError('recon_difference_open');
    const now = new Date();
    await tx
      .update(reconDifferences)
      .set({
        status: 'open',
        resolution: null,
        resolutionNote: null,
        resolvedBy: null,
        resolvedAt: null,
        revision: row.revision + 1,
        updatedAt: now,
      })
      .where(eq(reconDifferences.id, row.id));
    await recordAudit({
      tx,
      actor,
      action: 'recon.difference.reopen',
      targetType: 'recon_difference',
      targetId: row.id,
      merchantId: row.merchantId,
      before: { status: row.status, resolution: row.resolution, revision: row.revision },
      after: { status: 'open', reason: options.reason },
    });
    await outbox.append({
      tx,
      type: 'reconciliation.difference_reopened',
      aggregateId: row.id,
      payload: { ...differenceRef(row), by: actor.id },
    });
    return toDifferenceView(await findDifference({ db: tx, differenceId: row.id }));
  });
}

import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { campaigns, type Mode } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../staff/record-audit.js';
import { type Campaign, codesOf, loadCampaign, toCampaign } from './campaign-record.js';
import { recordCampaignChange } from './record-campaign-change.js';
import type { UpdateCampaignPatch } from './schemas.js';
import { writeCampaignCodes } from './write-campaign-codes.js';

/**
 * Edits a campaign that has not ended. The row is locked for the transaction, so the budget is
 * compared with what checkouts hold at this instant: it may not drop below that. The currency
 * never changes (reservations are in it). Orders already holding a discount keep it.
 */
export async function updateCampaign(options: {
  tx: Tx;
  actor: Actor;
  merchantId: string;
  mode: Mode;
  campaignId: string;
  patch: UpdateCampaignPatch;
  now?: Date;
}): Promise<Campaign> {
  const { tx, patch, merchantId, mode } = options;
  const now = options.now ?? new Date();
  const row = await loadCampaign({
    db: tx,
    merchantId,
    mode,
    campaignId: options.campaignId,
    forUpdate: true,
  });
  const before = toCampaign(row, await codesOf(tx, row.id), now);
  if (before.state === 'ended') {
    throw new AppError('campaign_state_invalid', {
      message: 'An ended campaign cannot be edited.',
      details: { state: before.state },
    });
  }
  const startsAt = patch.startsAt ? new Date(patch.startsAt) : row.startsAt;
  const endsAt = patch.endsAt ? new Date(patch.endsAt) : row.endsAt;
  if (endsAt <= startsAt) {
    throw new AppError('validation_failed', {
      message: 'endsAt must be after startsAt.',
      field: 'endsAt',
    });
  }
  const audience = patch.audience ?? row.audience;
  const minPoints = patch.minPoints ?? Number(row.minPoints);
  if (audience === 'min_points' && minPoints < 1) {
    throw new AppError('validation_failed', {
      message: 'A min_points audience needs minPoints of at least 1.',
      field: 'minPoints',
    });
  }
  if (patch.budget !== undefined && patch.budget < Number(row.budgetReserved)) {
    throw new AppError('validation_failed', {
      message: `The budget cannot be below what checkouts already hold (${row.budgetReserved}).`,
      field: 'budget',
      details: { reserved: Number(row.budgetReserved) },
    });
  }
  await tx
    .update(campaigns)
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      startsAt,
      endsAt,
      audience,
      minPoints: audience === 'min_points' ? minPoints : 0,
      ...(patch.reward
        ? {
            reward: patch.reward.type,
            percentBps: patch.reward.type === 'discount_percent' ? patch.reward.basisPoints : 0,
            fixedAmount: patch.reward.type === 'discount_fixed' ? patch.reward.amount : 0,
          }
        : {}),
      ...(patch.capPerOrder !== undefined ? { capPerOrder: patch.capPerOrder } : {}),
      ...(patch.budget !== undefined ? { budgetTotal: patch.budget } : {}),
      version: row.version + 1,
      updatedAt: now,
    })
    .where(eq(campaigns.id, row.id));
  const codes = patch.codes
    ? await writeCampaignCodes({ tx, merchantId, mode, campaignId: row.id, codes: patch.codes })
    : before.codes;
  const after = toCampaign(
    await loadCampaign({ db: tx, merchantId, mode, campaignId: row.id }),
    codes,
    now,
  );
  await recordCampaignChange({
    tx,
    actor: options.actor,
    merchantId,
    action: 'updated',
    before,
    after,
    now,
  });
  return after;
}

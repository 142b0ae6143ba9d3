import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  type CampaignState,
  type CampaignStoredState,
  campaigns,
  type Mode,
} from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../staff/record-audit.js';
import { type Campaign, codesOf, loadCampaign, toCampaign } from './campaign-record.js';
import { recordCampaignChange } from './record-campaign-change.js';

export const CAMPAIGN_STATE_ACTIONS = ['pause', 'resume', 'end'] as const;
export type CampaignStateAction = (typeof CAMPAIGN_STATE_ACTIONS)[number];

/**
 * The allowed transitions, from the effective state (what the merchant sees). `resume` launches
 * a draft too; the stored state is then `scheduled`, which reads as `active` inside the window.
 * Asking for the state a campaign is already in is answered as it is (safe to repeat).
 */
const TRANSITIONS: Record<
  CampaignStateAction,
  { from: readonly CampaignState[]; to: CampaignStoredState; already: readonly CampaignState[] }
> = {
  pause: { from: ['scheduled', 'active'], to: 'paused', already: ['paused'] },
  resume: { from: ['draft', 'paused'], to: 'scheduled', already: ['scheduled', 'active'] },
  end: { from: ['draft', 'scheduled', 'active', 'paused'], to: 'ended', already: ['ended'] },
};

const ACTION_EVENT = { pause: 'paused', resume: 'resumed', end: 'ended' } as const;

/**
 * Pauses, resumes or ends a campaign, under its row lock. Orders already holding a discount
 * keep it (their share stays reserved until they are paid or fail); new checkouts only see
 * the new state. Ending is final.
 */
export async function changeCampaignState(options: {
  tx: Tx;
  actor: Actor;
  merchantId: string;
  mode: Mode;
  campaignId: string;
  action: CampaignStateAction;
  now?: Date;
}): Promise<Campaign> {
  const { tx, merchantId, mode } = options;
  const now = options.now ?? new Date();
  const row = await loadCampaign({
    db: tx,
    merchantId,
    mode,
    campaignId: options.campaignId,
    forUpdate: true,
  });
  const codes = await codesOf(tx, row.id);
  const before = toCampaign(row, codes, now);
  const rule = TRANSITIONS[options.action];
  if (rule.already.includes(before.state)) return before;
  if (!rule.from.includes(before.state)) {
    throw new AppError('campaign_state_invalid', {
      message: `A campaign that is ${before.state} cannot ${options.action}.`,
      details: { state: before.state, action: options.action },
    });
  }
  await tx
    .update(campaigns)
    .set({ state: rule.to, version: row.version + 1, updatedAt: now })
    .where(eq(campaigns.id, row.id));
  const after = toCampaign(
    { ...row, state: rule.to, version: row.version + 1, updatedAt: now },
    codes,
    now,
  );
  await recordCampaignChange({
    tx,
    actor: options.actor,
    merchantId,
    action: ACTION_EVENT[options.action],
    before,
    after,
    now,
  });
  return after;
}

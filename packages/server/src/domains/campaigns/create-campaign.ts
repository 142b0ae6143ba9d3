import type { Tx } from '../../db/client.js';
import { campaigns, type Mode } from '../../db/schema/index.js';
import { newId } from '../../infra/id.js';
import { assertCurrencySupported } from '../settings/assert-currency-supported.js';
import type { SettingsReader } from '../settings/settings-record.js';
import type { Actor } from '../staff/record-audit.js';
import { type Campaign, loadCampaign, toCampaign } from './campaign-record.js';
import { recordCampaignChange } from './record-campaign-change.js';
import type { CreateCampaignInput } from './schemas.js';
import { writeCampaignCodes } from './write-campaign-codes.js';

/**
 * Creates a campaign: `scheduled` (applied at checkout while its window is open), or `draft`
 * when asked. Its codes must be free among the merchant's campaigns of this mode.
 */
export async function createCampaign(options: {
  tx: Tx;
  actor: Actor;
  settings: SettingsReader;
  merchantId: string;
  mode: Mode;
  input: CreateCampaignInput;
  now?: Date;
}): Promise<Campaign> {
  const { tx, input, merchantId, mode } = options;
  const now = options.now ?? new Date();
  await assertCurrencySupported({ settings: options.settings, currency: input.currency });
  const id = newId('cmp');
  await tx.insert(campaigns).values({
    id,
    merchantId,
    mode,
    name: input.name,
    state: input.draft ? 'draft' : 'scheduled',
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    audience: input.audience,
    minPoints: input.audience === 'min_points' ? input.minPoints : 0,
    reward: input.reward.type,
    percentBps: input.reward.type === 'discount_percent' ? input.reward.basisPoints : 0,
    fixedAmount: input.reward.type === 'discount_fixed' ? input.reward.amount : 0,
    capPerOrder: input.capPerOrder,
    currency: input.currency,
    budgetTotal: input.budget,
    createdAt: now,
    updatedAt: now,
  });
  const codes = await writeCampaignCodes({
    tx,
    merchantId,
    mode,
    campaignId: id,
    codes: input.codes,
  });
  const row = await loadCampaign({ db: tx, merchantId, mode, campaignId: id });
  const campaign = toCampaign(row, codes, now);
  await recordCampaignChange({
    tx,
    actor: options.actor,
    merchantId,
    action: 'created',
    before: null,
    after: campaign,
    now,
  });
  return campaign;
}

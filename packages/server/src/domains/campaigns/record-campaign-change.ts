import type { Tx } from '../../db/client.js';
import { outbox } from '../../events/index.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import type { Campaign } from './campaign-record.js';
import type { CAMPAIGN_ACTIONS } from './events.js';

/** The outbox event and the audit row of a campaign change, in the change's transaction. */
export async function recordCampaignChange(options: {
  tx: Tx;
  actor: Actor;
  merchantId: string;
  action: (typeof CAMPAIGN_ACTIONS)[number];
  before: Campaign | null;
  after: Campaign;
  now: Date;
}): Promise<void> {
  const { tx, after } = options;
  await outbox.append({
    tx,
    type: 'campaign.changed',
    aggregateId: after.id,
    payload: {
      campaignId: after.id,
      merchantId: options.merchantId,
      mode: after.mode,
      action: options.action,
      name: after.name,
      state: after.state,
      startsAt: after.startsAt,
      endsAt: after.endsAt,
      currency: after.currency,
      budgetTotal: after.budget.total,
      codes: after.codes,
    },
    occurredAt: options.now,
  });
  await recordAudit({
    tx,
    actor: options.actor,
    action: `campaign.${options.action}`,
    targetType: 'campaign',
    targetId: after.id,
    merchantId: options.merchantId,
    before: options.before,
    after,
  });
}

import { z } from 'zod';
import { CAMPAIGN_STATES, MODES } from '../../db/schema/index.js';
import { defineEvent } from '../../events/catalogue.js';

export const CAMPAIGN_ACTIONS = ['created', 'updated', 'paused', 'resumed', 'ended'] as const;

export const campaignChanged = defineEvent({
  type: 'campaign.changed',
  version: 1,
  aggregateType: 'campaign',
  description:
    'A merchant created, edited, paused, resumed or ended a campaign (for the search index and the statistics).',
  schema: z.object({
    campaignId: z.string(),
    merchantId: z.string(),
    mode: z.enum(MODES),
    action: z.enum(CAMPAIGN_ACTIONS),
    name: z.string(),
    state: z.enum(CAMPAIGN_STATES),
    startsAt: z.string(),
    endsAt: z.string(),
    currency: z.string(),
    budgetTotal: z.number().int(),
    codes: z.array(z.string()),
  }),
});

export const campaignEvents = [campaignChanged] as const;

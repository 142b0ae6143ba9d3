import { z } from 'zod';
import { CAMPAIGN_AUDIENCES, CAMPAIGN_STATES, MODES } from '../../db/schema/index.js';

/** Minor units; the same ceiling as order amounts. */
const ZMinor = z.number().int().min(1).max(1_000_000_000_000_000);

export const ZCampaignId = z.string().min(1).max(40);

export const ZCampaignCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{3,40}$/, 'A code is 3 to 40 letters, digits, _ or -.');

export const ZCampaignReward = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('discount_percent'),
    /** Basis points of the gross amount: 1000 = 10 %. */
    basisPoints: z.number().int().min(1).max(10_000),
  }),
  z.object({ type: z.literal('discount_fixed'), amount: ZMinor }),
]);

const ZCampaignBase = z.object({
  name: z.string().trim().min(1).max(200),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  audience: z.enum(CAMPAIGN_AUDIENCES).default('all'),
  /** For `min_points`: the points a shopper must hold. */
  minPoints: z.number().int().min(0).max(1_000_000_000_000).default(0),
  reward: ZCampaignReward,
  capPerOrder: ZMinor.nullable()
    .default(null)
    .meta({ description: 'The most one order gets off (minor units); null or absent: no cap.' }),
  currency: z.string().length(3).toUpperCase(),
  budget: ZMinor.meta({
    description: 'Total discount the campaign may give, minor units of `currency`.',
  }),
  codes: z.array(ZCampaignCode).max(20).default([]).meta({
    description:
      'Codes a shopper types (upper case); a campaign with codes applies only to orders that type one.',
  }),
  draft: z.boolean().default(false).meta({
    description:
      'Keep it a draft (not applied until `resume`); default: scheduled, active in its window.',
  }),
});

function windowOk(v: { startsAt?: string | undefined; endsAt?: string | undefined }) {
  return !v.startsAt || !v.endsAt || Date.parse(v.endsAt) > Date.parse(v.startsAt);
}

function minPointsOk(v: { audience?: string | undefined; minPoints?: number | undefined }) {
  return v.audience !== 'min_points' || (v.minPoints ?? 0) >= 1;
}

export const ZCreateCampaignInput = ZCampaignBase.refine(windowOk, {
  message: 'endsAt must be after startsAt.',
  path: ['endsAt'],
}).refine(minPointsOk, {
  message: 'A min_points audience needs minPoints of at least 1.',
  path: ['minPoints'],
});
export type CreateCampaignInput = z.infer<typeof ZCreateCampaignInput>;

export const ZUpdateCampaignPatch = z
  .object({
    name: ZCampaignBase.shape.name.optional(),
    startsAt: ZCampaignBase.shape.startsAt.optional(),
    endsAt: ZCampaignBase.shape.endsAt.optional(),
    audience: z.enum(CAMPAIGN_AUDIENCES).optional(),
    minPoints: ZCampaignBase.shape.minPoints.unwrap().optional(),
    reward: ZCampaignReward.optional(),
    capPerOrder: ZMinor.nullable().optional(),
    budget: ZMinor.optional(),
    codes: z.array(ZCampaignCode).max(20).optional(),
  })
  .refine(windowOk, { message: 'endsAt must be after startsAt.', path: ['endsAt'] });
export type UpdateCampaignPatch = z.infer<typeof ZUpdateCampaignPatch>;

export const ZCampaign = z.object({
  id: z.string(),
  mode: z.enum(MODES),
  name: z.string(),
  state: z.enum(CAMPAIGN_STATES),
  startsAt: z.string(),
  endsAt: z.string(),
  audience: z.enum(CAMPAIGN_AUDIENCES),
  minPoints: z.number().int(),
  reward: ZCampaignReward,
  capPerOrder: z.number().int().nullable(),
  currency: z.string(),
  budget: z.object({
    total: z.number().int(),
    reserved: z.number().int(),
    remaining: z.number().int(),
  }),
  codes: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZListCampaignsInput = z.object({
  state: z.enum(CAMPAIGN_STATES).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

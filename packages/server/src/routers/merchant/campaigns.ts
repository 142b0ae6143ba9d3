import { z } from 'zod';
import { apiActor, merchantOf, procedure, staffActor } from '../../auth/authorize.js';
import type { CampaignState } from '../../db/schema/index.js';
import { MODES } from '../../db/schema/index.js';
import {
  CAMPAIGN_STATE_ACTIONS,
  type CampaignStateAction,
  changeCampaignState,
} from '../../domains/campaigns/change-campaign-state.js';
import { createCampaign } from '../../domains/campaigns/create-campaign.js';
import { getCampaign, listCampaigns } from '../../domains/campaigns/list-campaigns.js';
import {
  type CreateCampaignInput,
  type UpdateCampaignPatch,
  ZCampaign,
  ZCampaignId,
  ZCreateCampaignInput,
  ZListCampaignsInput,
  ZUpdateCampaignPatch,
} from '../../domains/campaigns/schemas.js';
import { updateCampaign } from '../../domains/campaigns/update-campaign.js';
import type { Actor } from '../../domains/staff/record-audit.js';
import { type Context, router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';
import { ZMerchantId } from '../schemas.js';
import { campaignStatsProcedure } from '../stats.js';

type Scope = { merchantId: string; mode: (typeof MODES)[number] };

/** The same operations for the merchant API (JWT) and the merchant area (staff session). */
function campaignOps(ctx: Context, scope: Scope, actor: () => Actor) {
  const { db } = ctx;
  return {
    list: (filter: { state?: CampaignState | undefined; limit: number }) =>
      listCampaigns({ db, ...scope, ...filter }),
    get: (campaignId: string) => getCampaign({ db, ...scope, campaignId }),
    create: (input: CreateCampaignInput) => {
      const { settings } = paymentsOf(ctx);
      return db.transaction((tx) =>
        createCampaign({ tx, actor: actor(), settings, ...scope, input }),
      );
    },
    update: (campaignId: string, patch: UpdateCampaignPatch) =>
      db.transaction((tx) => updateCampaign({ tx, actor: actor(), ...scope, campaignId, patch })),
    change: (campaignId: string, action: CampaignStateAction) =>
      db.transaction((tx) =>
        changeCampaignState({ tx, actor: actor(), ...scope, campaignId, action }),
      ),
  };
}

const merchantApi = { policy: { kind: 'merchant_api' } } as const;
const apiOps = (ctx: Context) => {
  const { merchantId, mode } = merchantOf(ctx);
  return campaignOps(ctx, { merchantId, mode }, () => apiActor(ctx));
};
const ZUpdateInput = z.object({ campaignId: ZCampaignId }).and(ZUpdateCampaignPatch);
const stateProcedure = (action: CampaignStateAction) =>
  procedure
    .meta(merchantApi)
    .input(z.object({ campaignId: ZCampaignId }))
    .output(ZCampaign)
    .mutation(({ ctx, input }) => apiOps(ctx).change(input.campaignId, action));

/** Merchant API: campaigns (checkout discounts) of the calling key's mode. */
export const campaignsRouter = router({
  /** Per-campaign statistics from the warehouse (staff session; see routers/stats.ts). */
  stats: campaignStatsProcedure,
  list: procedure
    .meta(merchantApi)
    .input(ZListCampaignsInput.default({ limit: 50 }))
    .output(z.object({ campaigns: z.array(ZCampaign) }))
    .query(async ({ ctx, input }) => ({ campaigns: await apiOps(ctx).list(input) })),
  get: procedure
    .meta(merchantApi)
    .input(z.object({ campaignId: ZCampaignId }))
    .output(ZCampaign)
    .query(({ ctx, input }) => apiOps(ctx).get(input.campaignId)),
  create: procedure
    .meta(merchantApi)
    .input(ZCreateCampaignInput)
    .output(ZCampaign)
    .mutation(({ ctx, input }) => apiOps(ctx).create(input)),
  update: procedure
    .meta(merchantApi)
    .input(ZUpdateInput)
    .output(ZCampaign)
    .mutation(({ ctx, input }) => {
      const { campaignId, ...patch } = input;
      return apiOps(ctx).update(campaignId, patch);
    }),
  pause: stateProcedure('pause'),
  resume: stateProcedure('resume'),
  end: stateProcedure('end'),
});

const readers = {
  policy: { kind: 'staff', roles: ['admin', 'support', 'finance', 'owner', 'developer'] },
} as const;
const writers = { policy: { kind: 'staff', roles: ['owner', 'developer'] } } as const;
const ZScope = { merchantId: ZMerchantId, mode: z.enum(MODES).default('test') };
const areaOps = (ctx: Context & { actor?: Actor | undefined }, scope: Scope) =>
  campaignOps(ctx, scope, () => staffActor(ctx));

/** The merchant area: the same campaigns, for merchant staff in the portal. */
export const campaignsAreaRouter = router({
  list: procedure
    .meta(readers)
    .input(z.object({ ...ZScope, ...ZListCampaignsInput.shape }))
    .output(z.array(ZCampaign))
    .query(({ ctx, input }) => {
      const { merchantId, mode, ...filter } = input;
      return areaOps(ctx, { merchantId, mode }).list(filter);
    }),
  get: procedure
    .meta(readers)
    .input(z.object({ ...ZScope, campaignId: ZCampaignId }))
    .output(ZCampaign)
    .query(({ ctx, input }) => areaOps(ctx, input).get(input.campaignId)),
  create: procedure
    .meta(writers)
    .input(z.object(ZScope).and(ZCreateCampaignInput))
    .output(ZCampaign)
    .mutation(({ ctx, input }) => {
      const { merchantId, mode, ...fields } = input;
      return areaOps(ctx, { merchantId, mode }).create(fields);
    }),
  update: procedure
    .meta(writers)
    .input(z.object({ ...ZScope, campaignId: ZCampaignId }).and(ZUpdateCampaignPatch))
    .output(ZCampaign)
    .mutation(({ ctx, input }) => {
      const { merchantId, mode, campaignId, ...patch } = input;
      return areaOps(ctx, { merchantId, mode }).update(campaignId, patch);
    }),
  changeState: procedure
    .meta(writers)
    .input(z.object({ ...ZScope, campaignId: ZCampaignId, action: z.enum(CAMPAIGN_STATE_ACTIONS) }))
    .output(ZCampaign)
    .mutation(({ ctx, input }) => areaOps(ctx, input).change(input.campaignId, input.action)),
});

import { z } from 'zod';
import { procedure } from '../auth/authorize.js';
import { MODES } from '../db/schema/index.js';
import { ZCurrency } from '../domains/ledger/schemas.js';
import { getDailyStats } from '../domains/stats/get-daily-stats.js';
import { router } from '../trpc.js';
import { ZMerchantId } from './schemas.js';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a UTC day (YYYY-MM-DD)');
const everyone = {
  policy: { kind: 'staff', roles: ['admin', 'support', 'finance', 'owner', 'developer'] },
} as const;
const ZRange = {
  merchantId: ZMerchantId,
  mode: z.enum(MODES).default('test'),
  currency: ZCurrency,
  from: ZDay,
  to: ZDay,
};
const int = z.number().int();
export const ZDailyStats = z.object({
  day: z.string(),
  checkoutsOpened: int,
  ordersSucceeded: int,
  ordersFailed: int,
  conversion: z.number().nullable(),
  revenue: int,
  discountCost: int,
  pointsIssued: int,
  pointsRedeemed: int,
  newShoppers: int,
  returningShoppers: int,
});

/**
 * The merchants' statistics warehouse (stats_daily, kept from the event stream): merchant staff
 * on their own merchant (the policy refuses another), platform staff on any.
 */
export const statsRouter = router({
  daily: procedure
    .meta(everyone)
    .input(z.object(ZRange))
    .output(z.array(ZDailyStats))
    .query(({ ctx, input }) => getDailyStats({ db: ctx.db, ...input })),
});

/**
 * `campaigns.stats`: one campaign's figures per day. Ready for campaigns (issue #22 part A),
 * which will merge it into its `campaigns` router; until campaigns exist every day is zeros.
 */
export const campaignStatsProcedure = procedure
  .meta(everyone)
  .input(z.object({ ...ZRange, campaignId: z.string().min(1).max(40) }))
  .output(z.array(ZDailyStats))
  .query(({ ctx, input }) => getDailyStats({ db: ctx.db, ...input }));

import { and, eq, gt, inArray, lte, notExists } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  campaignCodes,
  campaigns,
  type OrderStatus,
  orderHistory,
  orders,
} from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { OrderRow } from '../orders/order-record.js';
import { type CampaignRow, discountFor, effectiveState, normaliseCode } from './campaign-record.js';

/** A campaign the order qualifies for, with the discount it would give. */
export type DiscountCandidate = { campaign: CampaignRow; discount: number };

const PAID: OrderStatus[] = ['checkout_success', 'refunded', 'partially_refunded'];

/** Whether the shopper has paid an order of this merchant before (live or archived). */
async function hasPaidBefore(db: DbOrTx, row: OrderRow, shopperId: string): Promise<boolean> {
  for (const table of [orders, orderHistory]) {
    const [found] = await db
      .select({ id: table.id })
      .from(table)
      .where(
        and(
          eq(table.shopperId, shopperId),
          eq(table.merchantId, row.merchantId),
          eq(table.mode, row.mode),
          inArray(table.status, PAID),
        ),
      )
      .limit(1);
    if (found) return true;
  }
  return false;
}

/**
 * The shopper's points with the merchant's programme. Bonus points are not built yet (issue 22
 * part 2), so every shopper holds 0 and a `min_points` campaign admits nobody until they are.
 */
async function pointsOf(_db: DbOrTx, _merchantId: string, _shopperId: string): Promise<number> {
  return 0;
}

/** Why a shopper is outside a campaign's audience, or null when inside. */
async function audienceRefusal(
  db: DbOrTx,
  campaign: CampaignRow,
  row: OrderRow,
  shopperId: string | null,
): Promise<string | null> {
  if (campaign.audience === 'all') return null;
  if (!shopperId) return 'Log in to use this campaign.';
  if (campaign.audience === 'first_order') {
    return (await hasPaidBefore(db, row, shopperId))
      ? 'This campaign is for a first order with this shop.'
      : null;
  }
  const points = await pointsOf(db, campaign.merchantId, shopperId);
  return points >= Number(campaign.minPoints)
    ? null
    : `This campaign needs at least ${campaign.minPoints} points.`;
}

/**
 * The campaigns an open order qualifies for without a code, best discount first (ties: the older
 * campaign). Codeless campaigns only: a campaign with codes is for those who type one.
 */
export async function eligibleCampaigns(options: {
  db: DbOrTx;
  row: OrderRow;
  shopperId: string | null;
  now: Date;
}): Promise<DiscountCandidate[]> {
  const { db, row, now } = options;
  const running = await db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.merchantId, row.merchantId),
        eq(campaigns.mode, row.mode),
        eq(campaigns.currency, row.currency),
        eq(campaigns.state, 'scheduled'),
        lte(campaigns.startsAt, now),
        gt(campaigns.endsAt, now),
        notExists(
          db
            .select({ code: campaignCodes.code })
            .from(campaignCodes)
            .where(eq(campaignCodes.campaignId, campaigns.id)),
        ),
      ),
    );
  const candidates: DiscountCandidate[] = [];
  for (const campaign of running) {
    const discount = discountFor(campaign, Number(row.grossAmount));
    if (discount <= 0) continue;
    if ((await audienceRefusal(db, campaign, row, options.shopperId)) !== null) continue;
    candidates.push({ campaign, discount });
  }
  return candidates.sort(
    (a, b) =>
      b.discount - a.discount || a.campaign.createdAt.getTime() - b.campaign.createdAt.getTime(),
  );
}

/**
 * The campaign a typed code names, if the order qualifies; otherwise a typed error saying why
 * (unknown code, not running, other currency, outside the audience).
 */
export async function campaignForCode(options: {
  db: DbOrTx;
  row: OrderRow;
  shopperId: string | null;
  code: string;
  now: Date;
}): Promise<DiscountCandidate> {
  const { db, row, now } = options;
  const [found] = await db
    .select({ campaign: campaigns })
    .from(campaignCodes)
    .innerJoin(campaigns, eq(campaigns.id, campaignCodes.campaignId))
    .where(
      and(
        eq(campaignCodes.merchantId, row.merchantId),
        eq(campaignCodes.mode, row.mode),
        eq(campaignCodes.code, normaliseCode(options.code)),
      ),
    )
    .limit(1);
  if (!found) {
    throw new AppError('campaign_code_invalid', {
      message: 'This code is not valid for this order.',
      field: 'code',
    });
  }
  const { campaign } = found;
  const state = effectiveState(campaign, now);
  if (state !== 'active') {
    throw new AppError('campaign_not_active', {
      message: 'This code is not running now.',
      field: 'code',
      details: { state },
    });
  }
  if (campaign.currency !== row.currency) {
    throw new AppError('campaign_not_eligible', {
      message: `This code is for orders in ${campaign.currency}.`,
      field: 'code',
    });
  }
  const refusal = await audienceRefusal(db, campaign, row, options.shopperId);
  if (refusal) throw new AppError('campaign_not_eligible', { message: refusal, field: 'code' });
  const discount = discountFor(campaign, Number(row.grossAmount));
  if (discount <= 0) {
    throw new AppError('campaign_not_eligible', {
      message: 'This code gives nothing off this order.',
      field: 'code',
    });
  }
  return { campaign, discount };
}

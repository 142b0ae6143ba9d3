import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  type CampaignAudience,
  type CampaignState,
  campaignCodes,
  campaigns,
  type Mode,
} from '../../db/schema/index.js';
import { AppError } from '../../errors.js';

export type CampaignRow = typeof campaigns.$inferSelect;

export type CampaignRewardView =
  | { type: 'discount_percent'; basisPoints: number }
  | { type: 'discount_fixed'; amount: number };

/** A campaign as the API shows it. */
export type Campaign = {
  id: string;
  mode: Mode;
  name: string;
  /** Effective state: `active` is a scheduled campaign inside its window. */
  state: CampaignState;
  startsAt: string;
  endsAt: string;
  audience: CampaignAudience;
  minPoints: number;
  reward: CampaignRewardView;
  capPerOrder: number | null;
  currency: string;
  budget: { total: number; reserved: number; remaining: number };
  codes: string[];
  createdAt: string;
  updatedAt: string;
};

/** The state a stored campaign has at `now`: the window turns scheduled into active or ended. */
export function effectiveState(row: CampaignRow, now: Date = new Date()): CampaignState {
  if (row.state === 'ended' || row.state === 'draft') return row.state;
  if (row.endsAt <= now) return 'ended';
  if (row.state === 'paused') return 'paused';
  return row.startsAt <= now ? 'active' : 'scheduled';
}

export function toCampaign(row: CampaignRow, codes: string[], now: Date = new Date()): Campaign {
  const total = Number(row.budgetTotal);
  const reserved = Number(row.budgetReserved);
  return {
    id: row.id,
    mode: row.mode,
    name: row.name,
    state: effectiveState(row, now),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    audience: row.audience,
    minPoints: Number(row.minPoints),
    reward:
      row.reward === 'discount_percent'
        ? { type: 'discount_percent', basisPoints: row.percentBps }
        : { type: 'discount_fixed', amount: Number(row.fixedAmount) },
    capPerOrder: row.capPerOrder === null ? null : Number(row.capPerOrder),
    currency: row.currency,
    budget: { total, reserved, remaining: Math.max(0, total - reserved) },
    codes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The discount a campaign gives on a gross amount, in minor units: a percentage rounds down
 * (the shopper never gets a fraction of a minor unit more than the rate), the cap per order
 * applies, and at least one minor unit is always charged (a zero-amount payment is no payment).
 * 0 when the campaign gives nothing on this amount. Integer math throughout (BigInt for the
 * product, which can pass 2^53 on large amounts).
 */
export function discountFor(row: CampaignRow, grossAmount: number): number {
  let discount =
    row.reward === 'discount_percent'
      ? Number((BigInt(grossAmount) * BigInt(row.percentBps)) / 10_000n)
      : Number(row.fixedAmount);
  if (row.capPerOrder !== null) discount = Math.min(discount, Number(row.capPerOrder));
  discount = Math.min(discount, grossAmount - 1);
  return Math.max(0, discount);
}

export function campaignNotFound(): AppError {
  return new AppError('campaign_not_found', {
    message: 'No such campaign in this mode.',
    field: 'campaignId',
  });
}

/** One campaign of the merchant in this mode, optionally locked for the transaction. */
export async function loadCampaign(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  campaignId: string;
  forUpdate?: boolean;
}): Promise<CampaignRow> {
  const query = options.db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.id, options.campaignId),
        eq(campaigns.merchantId, options.merchantId),
        eq(campaigns.mode, options.mode),
      ),
    )
    .limit(1);
  const [row] = await (options.forUpdate ? query.for('update') : query);
  if (!row) throw campaignNotFound();
  return row;
}

export async function codesOf(db: DbOrTx, campaignId: string): Promise<string[]> {
  const rows = await db
    .select({ code: campaignCodes.code })
    .from(campaignCodes)
    .where(eq(campaignCodes.campaignId, campaignId));
  return rows.map((r) => r.code).sort();
}

/** Codes are matched case-insensitively: stored and looked up upper case, trimmed. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

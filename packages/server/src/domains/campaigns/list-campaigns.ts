import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type CampaignState, campaignCodes, campaigns, type Mode } from '../../db/schema/index.js';
import { type Campaign, codesOf, loadCampaign, toCampaign } from './campaign-record.js';

/** One campaign of the merchant in this mode. */
export async function getCampaign(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  campaignId: string;
}): Promise<Campaign> {
  const row = await loadCampaign(options);
  return toCampaign(row, await codesOf(options.db, row.id));
}

/**
 * The merchant's campaigns in this mode, newest first, optionally of one effective state (a
 * merchant has tens of campaigns, not millions: filtered after the read, which knows the clock).
 */
export async function listCampaigns(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  state?: CampaignState | undefined;
  limit: number;
}): Promise<Campaign[]> {
  const { db } = options;
  const rows = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.merchantId, options.merchantId), eq(campaigns.mode, options.mode)))
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(500);
  const codes = rows.length
    ? await db
        .select()
        .from(campaignCodes)
        .where(
          inArray(
            campaignCodes.campaignId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const now = new Date();
  return rows
    .map((row) =>
      toCampaign(
        row,
        codes
          .filter((c) => c.campaignId === row.id)
          .map((c) => c.code)
          .sort(),
        now,
      ),
    )
    .filter((c) => !options.state || c.state === options.state)
    .slice(0, options.limit);
}

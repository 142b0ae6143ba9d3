import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { campaignCodes, type Mode } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { normaliseCode } from './campaign-record.js';

/** Replaces a campaign's codes; a code another campaign of the merchant holds is refused. */
export async function writeCampaignCodes(options: {
  tx: Tx;
  merchantId: string;
  mode: Mode;
  campaignId: string;
  codes: string[];
}): Promise<string[]> {
  const { tx } = options;
  const codes = [...new Set(options.codes.map(normaliseCode))].sort();
  await tx.delete(campaignCodes).where(eq(campaignCodes.campaignId, options.campaignId));
  if (codes.length === 0) return codes;
  try {
    await tx.insert(campaignCodes).values(
      codes.map((code) => ({
        merchantId: options.merchantId,
        mode: options.mode,
        code,
        campaignId: options.campaignId,
      })),
    );
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new AppError('campaign_code_taken', {
        message: 'Another campaign of yours already uses one of these codes.',
        field: 'codes',
      });
    }
    throw error;
  }
  return codes;
}

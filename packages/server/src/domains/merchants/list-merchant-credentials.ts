import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { merchantCredentials } from '../../db/schema/index.js';
import { type CredentialSummary, toCredentialSummary } from './credential-record.js';

/**
 * A merchant's credentials, newest first, without their secrets. Webhook endpoints' own secrets
 * are not listed: they are managed on their endpoint (webhookEndpoints.rotateSecret).
 */
export async function listMerchantCredentials(options: {
  db: DbOrTx;
  merchantId: string;
}): Promise<CredentialSummary[]> {
  const rows = await options.db
    .select()
    .from(merchantCredentials)
    .where(
      and(
        eq(merchantCredentials.merchantId, options.merchantId),
        isNull(merchantCredentials.endpointId),
      ),
    )
    .orderBy(desc(merchantCredentials.createdAt));
  const now = new Date();
  return rows.map((row) => toCredentialSummary(row, now));
}

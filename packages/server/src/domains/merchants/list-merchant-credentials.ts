import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { merchantCredentials } from '../../db/schema/index.js';
import { type CredentialSummary, toCredentialSummary } from './credential-record.js';

/** A merchant's credentials, newest first, without their secrets. */
export async function listMerchantCredentials(options: {
  db: DbOrTx;
  merchantId: string;
}): Promise<CredentialSummary[]> {
  const rows = await options.db
    .select()
    .from(merchantCredentials)
    .where(eq(merchantCredentials.merchantId, options.merchantId))
    .orderBy(desc(merchantCredentials.createdAt));
  const now = new Date();
  return rows.map((row) => toCredentialSummary(row, now));
}

import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type MerchantStatus, merchants } from '../../db/schema/index.js';
import { type MerchantRecord, toMerchantRecord } from './merchant-record.js';

/** Merchants newest first, optionally by status; keyset-paginated on the id (time-ordered). */
export async function listMerchants(options: {
  db: DbOrTx;
  status?: MerchantStatus | undefined;
  limit: number;
  before?: string | undefined;
}): Promise<MerchantRecord[]> {
  const rows = await options.db
    .select()
    .from(merchants)
    .where(
      and(
        options.status ? eq(merchants.status, options.status) : undefined,
        options.before ? lt(merchants.id, options.before) : undefined,
      ),
    )
    .orderBy(desc(merchants.id))
    .limit(options.limit);
  return rows.map(toMerchantRecord);
}

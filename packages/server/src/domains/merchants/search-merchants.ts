import { eq, inArray, like, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Page, type PageRequest, type PageTotal, pageOf } from '../../db/paginate.js';
import { type MerchantStatus, merchants, staffUsers } from '../../db/schema/index.js';
import { type MerchantRecord, toMerchantRecord } from './merchant-record.js';

export const MERCHANT_SORT_FIELDS = ['createdAt', 'updatedAt', 'businessName', 'feeBps'] as const;

/** `%` and `_` typed by an admin are literal characters, not wildcards. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Merchants for the admin portal: by id, status, business name (contains), or email (the
 * contact address contains it, or one of the merchant's staff has exactly that address).
 */
export async function searchMerchants(options: {
  db: DbOrTx;
  filter: {
    merchantId?: string | undefined;
    status?: MerchantStatus | undefined;
    name?: string | undefined;
    email?: string | undefined;
  };
  page: PageRequest<(typeof MERCHANT_SORT_FIELDS)[number]>;
}): Promise<Page<MerchantRecord> & PageTotal> {
  const { db, filter } = options;
  let byEmail: SQL | undefined;
  if (filter.email) {
    const staff = await db
      .select({ merchantId: staffUsers.merchantId })
      .from(staffUsers)
      .where(eq(staffUsers.email, filter.email.toLowerCase()));
    const ids = staff.flatMap((s) => (s.merchantId ? [s.merchantId] : []));
    byEmail = or(
      like(merchants.contactEmail, likeContains(filter.email)),
      ids.length > 0 ? inArray(merchants.id, ids) : undefined,
    );
  }
  const { rows, nextCursor, total, totalCapped } = await pageOf({
    count: true,
    db,
    table: merchants,
    where: [
      filter.merchantId ? eq(merchants.id, filter.merchantId) : undefined,
      filter.status ? eq(merchants.status, filter.status) : undefined,
      filter.name ? like(merchants.businessName, likeContains(filter.name)) : undefined,
      byEmail,
    ],
    page: options.page,
    map: (row) => toMerchantRecord(row as typeof merchants.$inferSelect),
  });
  return { items: rows, nextCursor, total, totalCapped };
}

import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { merchants, staffUsers, users } from '../../db/schema/index.js';

/**
 * The names people recognise for the ids on a page of a list: merchants by their display (or
 * business) name, shoppers by email, staff by name (or email). One query per kind for the whole
 * page, never one per row; an id that no longer resolves is simply absent from the map.
 */
export type DisplayNames = {
  merchants: Map<string, string>;
  shoppers: Map<string, string>;
  staff: Map<string, string>;
};

const unique = (ids: Iterable<string | null | undefined>): string[] => [
  ...new Set([...ids].filter((id): id is string => typeof id === 'string' && id.length > 0)),
];

/** Looks up the names of the ids given (any of the three kinds may be left out). */
export async function getDisplayNames(options: {
  db: DbOrTx;
  merchantIds?: Iterable<string | null | undefined>;
  shopperIds?: Iterable<string | null | undefined>;
  staffIds?: Iterable<string | null | undefined>;
}): Promise<DisplayNames> {
  const { db } = options;
  const merchantIds = unique(options.merchantIds ?? []);
  const shopperIds = unique(options.shopperIds ?? []);
  const staffIds = unique(options.staffIds ?? []);
  const [merchantRows, shopperRows, staffRows] = await Promise.all([
    merchantIds.length > 0
      ? db
          .select({
            id: merchants.id,
            businessName: merchants.businessName,
            displayName: merchants.displayName,
          })
          .from(merchants)
          .where(inArray(merchants.id, merchantIds))
      : [],
    shopperIds.length > 0
      ? db
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(inArray(users.id, shopperIds))
      : [],
    staffIds.length > 0
      ? db
          .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
          .from(staffUsers)
          .where(inArray(staffUsers.id, staffIds))
      : [],
  ]);
  return {
    merchants: new Map(merchantRows.map((m) => [m.id, m.displayName ?? m.businessName])),
    shoppers: new Map(shopperRows.map((u) => [u.id, u.email])),
    staff: new Map(staffRows.map((s) => [s.id, s.name ?? s.email])),
  };
}

import { eq, isNotNull, isNull, like } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Page, type PageRequest, type PageTotal, pageOf } from '../../db/paginate.js';
import { users } from '../../db/schema/index.js';
import { likeContains } from '../merchants/search-merchants.js';

export const SHOPPER_SORT_FIELDS = ['createdAt', 'email'] as const;

export type ShopperSummary = {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  locked: boolean;
  lockedAt: string | null;
  lockedReason: string | null;
  createdAt: string;
};

export function toShopperSummary(row: typeof users.$inferSelect): ShopperSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.emailVerifiedAt !== null,
    locked: row.lockedAt !== null,
    lockedAt: row.lockedAt?.toISOString() ?? null,
    lockedReason: row.lockedReason,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Shoppers for the admin portal: by id, email or name (contains), locked or not. */
export async function searchShoppers(options: {
  db: DbOrTx;
  filter: {
    userId?: string | undefined;
    email?: string | undefined;
    name?: string | undefined;
    locked?: boolean | undefined;
  };
  page: PageRequest<(typeof SHOPPER_SORT_FIELDS)[number]>;
}): Promise<Page<ShopperSummary> & PageTotal> {
  const { filter } = options;
  const { rows, nextCursor, total, totalCapped } = await pageOf({
    count: true,
    db: options.db,
    table: users,
    where: [
      filter.userId ? eq(users.id, filter.userId) : undefined,
      filter.email ? like(users.email, likeContains(filter.email.toLowerCase())) : undefined,
      filter.name ? like(users.name, likeContains(filter.name)) : undefined,
      filter.locked === undefined
        ? undefined
        : filter.locked
          ? isNotNull(users.lockedAt)
          : isNull(users.lockedAt),
    ],
    page: options.page,
    map: (row) => toShopperSummary(row as typeof users.$inferSelect),
  });
  return { items: rows, nextCursor, total, totalCapped };
}

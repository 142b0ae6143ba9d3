import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { searchOrders } from '../orders/search-orders.js';
import { getWalletBalance } from '../wallet/get-wallet-balance.js';
import { toShopperSummary } from './search-shoppers.js';

/** A shopper for the admin portal: profile, wallets (every currency and mode), recent orders. */
export async function getShopperDetail(options: { db: DbOrTx; userId: string }) {
  const { db, userId } = options;
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  if (!row) throw new AppError('not_found', { message: 'No such shopper.', field: 'userId' });
  const [wallets, recent] = await Promise.all([
    getWalletBalance({ db, userId }),
    searchOrders({
      db,
      filter: { shopperId: userId },
      page: { limit: 20, sort: { field: 'createdAt', dir: 'desc' } },
    }),
  ]);
  return { shopper: toShopperSummary(row), wallets, recentOrders: recent.items };
}

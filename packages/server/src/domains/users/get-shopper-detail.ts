import { desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orderHistory, orders, riskDecisions, users } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { toOrder } from '../orders/order-record.js';
import { getWalletBalance } from '../wallet/get-wallet-balance.js';
import { toShopperSummary } from './search-shoppers.js';

/**
 * A shopper for the admin portal: profile, wallets (every currency and mode) and recent orders.
 * Orders have no index by shopper; the risk decisions do (every checkout attempt of a known
 * shopper is decided and stored), so the recent orders are those of the last 20 decisions.
 */
export async function getShopperDetail(options: { db: DbOrTx; userId: string }) {
  const { db, userId } = options;
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  if (!row) throw new AppError('not_found', { message: 'No such shopper.', field: 'userId' });
  const [wallets, decisions] = await Promise.all([
    getWalletBalance({ db, userId }),
    db
      .select({ orderId: riskDecisions.orderId })
      .from(riskDecisions)
      .where(eq(riskDecisions.shopperId, userId))
      .orderBy(desc(riskDecisions.createdAt))
      .limit(20),
  ]);
  const ids = [...new Set(decisions.map((d) => d.orderId))];
  const [live, archived] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db.select().from(orders).where(inArray(orders.id, ids)),
          db.select().from(orderHistory).where(inArray(orderHistory.id, ids)),
        ]);
  const recentOrders = [
    ...live.map((o) => toOrder(o, false)),
    ...archived.map(({ archivedAt: _a, ...o }) => toOrder(o, true)),
  ].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  return { shopper: toShopperSummary(row), wallets, recentOrders };
}

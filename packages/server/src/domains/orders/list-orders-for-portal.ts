import { and, count } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { Page, PageRequest } from '../../db/paginate.js';
import { orderHistory, orders } from '../../db/schema/index.js';
import { getDisplayNames } from '../merchants/display-names.js';
import type { Order } from './order-record.js';
import {
  type OrderFilter,
  type OrderSortField,
  type OrderWithShopper,
  orderConditions,
  searchOrderRows,
} from './search-orders.js';

/** An order as the portals list it: with the names people recognise instead of ids alone. */
export type PortalOrder = Order & {
  merchantName: string;
  shopperId: string | null;
  shopperEmail: string | null;
};

/**
 * A page of orders for the admin portal and the merchant area: the merchant's name and the
 * shopper's email beside each order, and how many orders match the filter in all. The names come
 * from one query per table for the whole page (not one per row); the total is a COUNT over the
 * live and archived tables with the filter's indexes.
 */
export async function listOrdersForPortal(options: {
  db: DbOrTx;
  filter: OrderFilter;
  page: PageRequest<OrderSortField>;
}): Promise<Page<PortalOrder> & { total: number }> {
  const { db, filter } = options;
  const [page, total] = await Promise.all([searchOrderRows(options), countOrders({ db, filter })]);
  return { items: await withNames({ db, orders: page.items }), nextCursor: page.nextCursor, total };
}

/** The merchant's name and the shopper's email beside each order: one query per table. */
export async function withNames(options: {
  db: DbOrTx;
  orders: OrderWithShopper[];
}): Promise<PortalOrder[]> {
  const names = await getDisplayNames({
    db: options.db,
    merchantIds: options.orders.map((o) => o.merchantId),
    shopperIds: options.orders.map((o) => o.shopperId),
  });
  return options.orders.map((order) => ({
    ...order,
    merchantName: names.merchants.get(order.merchantId) ?? order.merchantId,
    shopperEmail: order.shopperId ? (names.shoppers.get(order.shopperId) ?? null) : null,
  }));
}

/** How many orders, live and archived, match a filter. */
export async function countOrders(options: { db: DbOrTx; filter: OrderFilter }): Promise<number> {
  const counted = await Promise.all(
    [orders, orderHistory].map(async (table) => {
      const [row] = await options.db
        .select({ n: count() })
        .from(table)
        .where(and(...orderConditions(table, options.filter)));
      return Number(row?.n ?? 0);
    }),
  );
  return counted.reduce((a, b) => a + b, 0);
}

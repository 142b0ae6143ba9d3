import { eq, gte, lte, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { compareBy, encodeCursor, type Page, type PageRequest, pageOf } from '../../db/paginate.js';
import { type Mode, type OrderStatus, orderHistory, orders } from '../../db/schema/index.js';
import { type Order, type OrderRow, toOrder } from './order-record.js';

/** The columns order lists sort on (each with the id as tie-breaker). */
// Not `status`: MySQL sorts an ENUM by its position but compares it with a string as text, so
// a keyset over it would skip rows.
export const ORDER_SORT_FIELDS = ['createdAt', 'updatedAt', 'amount'] as const;
export type OrderSortField = (typeof ORDER_SORT_FIELDS)[number];

export type OrderFilter = {
  merchantId?: string | undefined;
  shopperId?: string | undefined;
  mode?: Mode | undefined;
  orderId?: string | undefined;
  reference?: string | undefined;
  status?: OrderStatus | undefined;
  currency?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  minAmount?: number | undefined;
  maxAmount?: number | undefined;
};

/**
 * Orders, live and archived alike: both tables are read with the same filter and keyset, and
 * the two pages merged, so an order reads the same before and after the archiver moved it. The
 * merchant API, the merchant area and the admin portal all list orders through this.
 */
export async function searchOrders(options: {
  db: DbOrTx;
  filter: OrderFilter;
  page: PageRequest<OrderSortField>;
}): Promise<Page<Order>> {
  const page = await searchOrderRows(options);
  return {
    items: page.items.map(({ shopperId: _shopperId, ...order }) => order),
    nextCursor: page.nextCursor,
  };
}

/** The WHERE conditions of an order filter on the live or the archive table. */
export function orderConditions(
  table: typeof orders | typeof orderHistory,
  filter: OrderFilter,
): (SQL | undefined)[] {
  return [
    filter.merchantId ? eq(table.merchantId, filter.merchantId) : undefined,
    filter.shopperId ? eq(table.shopperId, filter.shopperId) : undefined,
    filter.mode ? eq(table.mode, filter.mode) : undefined,
    filter.orderId ? eq(table.id, filter.orderId) : undefined,
    filter.reference ? eq(table.reference, filter.reference) : undefined,
    filter.status ? eq(table.status, filter.status) : undefined,
    filter.currency ? eq(table.currency, filter.currency) : undefined,
    filter.from ? gte(table.createdAt, filter.from) : undefined,
    filter.to ? lte(table.createdAt, filter.to) : undefined,
    filter.minAmount !== undefined ? gte(table.amount, filter.minAmount) : undefined,
    filter.maxAmount !== undefined ? lte(table.amount, filter.maxAmount) : undefined,
  ];
}

/** `searchOrders` with each order's shopper id kept (the portals show the shopper's email). */
export async function searchOrderRows(options: {
  db: DbOrTx;
  filter: OrderFilter;
  page: PageRequest<OrderSortField>;
}): Promise<Page<OrderWithShopper>> {
  const { filter, page } = options;
  const read = async (table: typeof orders | typeof orderHistory, archived: boolean) => {
    return pageOf({
      db: options.db,
      table,
      where: orderConditions(table, filter),
      page,
      map: (row): OrderWithShopper => {
        const { archivedAt: _archivedAt, ...rest } = row as OrderRow & { archivedAt?: Date };
        return { ...toOrder(rest, archived), shopperId: rest.shopperId ?? null };
      },
    });
  };
  const [live, archived] = await Promise.all([read(orders, false), read(orderHistory, true)]);
  const compare = compareBy<OrderWithShopper>(page.sort, (o) => sortValue(page.sort.field, o));
  // Each table gave at most `limit`; a row of either beyond the merged page's end is only
  // reached through the next cursor, which both tables continue from.
  const merged = [...live.rows, ...archived.rows].sort(compare);
  const items = merged.slice(0, page.limit);
  const last = items[items.length - 1];
  const more =
    merged.length > page.limit || live.nextCursor !== null || archived.nextCursor !== null;
  return {
    items,
    nextCursor: more && last ? cursorAfter(page, last) : null,
  };
}

export type OrderWithShopper = Order & { shopperId: string | null };

function sortValue(field: OrderSortField, order: Order): Date | number {
  return field === 'amount' ? order.amount : new Date(order[field]);
}

function cursorAfter(page: PageRequest<OrderSortField>, order: Order): string {
  return encodeCursor(page.sort, sortValue(page.sort.field, order), order.id);
}

import type { DbOrTx } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import type { Order } from './order-record.js';
import type { ListOrdersInput } from './schemas.js';
import { searchOrders } from './search-orders.js';

/**
 * The calling merchant's orders (merchant API), newest first, live and archived alike, with a
 * cursor on (created_at, id).
 */
export async function listOrders(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  filter: ListOrdersInput;
}): Promise<{ orders: Order[]; nextCursor: string | null }> {
  const { filter } = options;
  const page = await searchOrders({
    db: options.db,
    filter: {
      merchantId: options.merchantId,
      mode: options.mode,
      status: filter.status,
      reference: filter.reference,
      from: filter.createdFrom ? new Date(filter.createdFrom) : undefined,
      to: filter.createdTo ? new Date(filter.createdTo) : undefined,
    },
    page: { limit: filter.limit, cursor: filter.cursor, sort: { field: 'createdAt', dir: 'desc' } },
  });
  return { orders: page.items, nextCursor: page.nextCursor };
}

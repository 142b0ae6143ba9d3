import type { DbOrTx } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import type { Order } from './order-record.js';
import type { ListOrdersInput } from './schemas.js';
import { searchOrders } from './search-orders.js';

/** Whose orders: a merchant's (in one mode) or the ones a shopper paid or tried to pay. */
export type OrderOwner = { merchantId: string; mode: Mode } | { shopperId: string };

/**
 * The owner's orders (merchant API, shopper wallet), newest first, live and archived alike, with
 * a cursor on (created_at, id).
 */
export async function listOrders(options: {
  db: DbOrTx;
  owner: OrderOwner;
  filter: ListOrdersInput;
}): Promise<{ orders: Order[]; nextCursor: string | null }> {
  const { filter, owner } = options;
  const page = await searchOrders({
    db: options.db,
    filter: {
      ...('shopperId' in owner
        ? { shopperId: owner.shopperId }
        : { merchantId: owner.merchantId, mode: owner.mode }),
      status: filter.status,
      reference: filter.reference,
      from: filter.createdFrom ? new Date(filter.createdFrom) : undefined,
      to: filter.createdTo ? new Date(filter.createdTo) : undefined,
    },
    page: { limit: filter.limit, cursor: filter.cursor, sort: { field: 'createdAt', dir: 'desc' } },
  });
  return { orders: page.items, nextCursor: page.nextCursor };
}

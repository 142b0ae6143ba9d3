import type { DbOrTx } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import { findOrder, type Order, orderNotFound, toOrder } from './order-record.js';

/**
 * One order of the calling merchant, live or archived. Another merchant's order (or the other
 * mode's) answers not found, exactly like an id that does not exist.
 */
export async function getOrder(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  orderId: string;
}): Promise<Order> {
  const found = await findOrder(options);
  if (!found || found.row.merchantId !== options.merchantId || found.row.mode !== options.mode) {
    throw orderNotFound();
  }
  return toOrder(found.row, found.archived);
}

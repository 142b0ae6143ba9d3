import type { DbOrTx } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import { findOrder, type Order, orderNotFound, toOrder } from './order-record.js';

/**
 * One order of the calling merchant, live or archived. Another merchant's order (or the other
 * mode's, when a mode is given) answers not found, exactly like an id that does not exist. The
 * merchant area reads both modes of its own merchant (the order says which it is).
 */
export async function getOrder(options: {
  db: DbOrTx;
  merchantId: string;
  mode?: Mode | undefined;
  orderId: string;
}): Promise<Order> {
  const found = await findOrder(options);
  if (
    !found ||
    found.row.merchantId !== options.merchantId ||
    (options.mode !== undefined && found.row.mode !== options.mode)
  ) {
    throw orderNotFound();
  }
  return toOrder(found.row, found.archived);
}

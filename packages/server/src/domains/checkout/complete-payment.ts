import type { OrderStatus } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { findLiveOrder, type OrderRow } from '../orders/order-record.js';
import { trackStatus } from '../orders/order-tracking.js';
import { transitionOrder } from '../orders/transition-order.js';
import type { PaymentServices } from './payment-services.js';

/**
 * Applies an outcome to an order (fenced on the version it was read at) and mirrors it into
 * Redis. Returns the new row, or undefined when the order changed under us.
 */
export async function applyOutcome(options: {
  services: PaymentServices;
  row: OrderRow;
  to: OrderStatus;
  set?: Parameters<typeof transitionOrder>[0]['set'];
  now?: Date;
}): Promise<OrderRow | undefined> {
  const { services, row } = options;
  const next = await services.db.transaction((tx) =>
    transitionOrder({
      tx,
      row,
      to: options.to,
      ...(options.set ? { set: options.set } : {}),
      ipnRetryWindowMs: services.config.ipnRetryWindowMs,
      ...(options.now ? { now: options.now } : {}),
    }),
  );
  if (next) {
    services.wakeIpn();
    await trackStatus({ redis: services.redis, orderId: row.id, status: next.status }).catch(
      (error: unknown) => services.logger.warn({ err: error, orderId: row.id }, 'redis mirror'),
    );
  }
  return next;
}

/** Re-reads an order after a lost fence. */
export async function reload(services: PaymentServices, orderId: string): Promise<OrderRow> {
  const row = await findLiveOrder({ db: services.db, orderId });
  if (!row) throw new AppError('order_not_found');
  return row;
}

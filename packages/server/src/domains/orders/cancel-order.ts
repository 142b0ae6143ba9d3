import type { Mode } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { withLock } from '../../infra/locks.js';
import { applyOutcome } from '../checkout/complete-payment.js';
import { orderBusy } from '../checkout/order-for-token.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { getOrder } from './get-order.js';
import { findLiveOrder, type Order, orderNotFound, toOrder } from './order-record.js';

/**
 * Withdraws an order nobody has paid yet (status `created`). Under the order's lock and fenced
 * by its version, so a payment racing the cancel ends with exactly one of the two. Safe to
 * repeat, as the SDK promises: an order already cancelled (live or archived) is answered as it
 * is, with no second event.
 */
function notCancellable(status: string): AppError {
  return new AppError('order_not_cancellable', {
    message: `Only unpaid orders can be cancelled; this one is ${status}.`,
    details: { status },
  });
}

export async function cancelOrder(options: {
  services: PaymentServices;
  merchantId: string;
  mode: Mode;
  orderId: string;
}): Promise<Order> {
  const { services } = options;
  return withLock(
    { redis: services.redis, key: `order:${options.orderId}`, ttlMs: services.config.lockTtlMs },
    async () => {
      const row = await findLiveOrder({ db: services.db, orderId: options.orderId });
      if (!row) {
        // Archived (final) already: a cancelled one is the answer, any other cannot be cancelled.
        const archived = await getOrder({ db: services.db, ...options });
        if (archived.status === 'cancelled') return archived;
        throw notCancellable(archived.status);
      }
      if (row.merchantId !== options.merchantId || row.mode !== options.mode) {
        throw orderNotFound();
      }
      if (row.status === 'cancelled') return toOrder(row);
      if (row.status !== 'created') {
        throw notCancellable(row.status);
      }
      const next = await applyOutcome({ services, row, to: 'cancelled' });
      if (!next) throw orderBusy();
      return toOrder(next);
    },
    () => {
      throw orderBusy();
    },
  );
}

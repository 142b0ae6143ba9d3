import { and, asc, eq, lte } from 'drizzle-orm';
import { orders } from '../db/schema/index.js';
import { expireOrder } from '../domains/checkout/expire-order.js';
import type { PaymentServices } from '../domains/checkout/payment-services.js';
import { findLiveOrder } from '../domains/orders/order-record.js';
import { EXPIRY_KEY } from '../domains/orders/order-tracking.js';
import { withLock } from '../infra/locks.js';

/** Times out one order if it is due; skipped (tried next tick) while someone holds its lock. */
async function expireOne(services: PaymentServices, orderId: string, now: Date): Promise<boolean> {
  return withLock(
    { redis: services.redis, key: `order:${orderId}`, ttlMs: services.config.lockTtlMs },
    async () => {
      const row = await findLiveOrder({ db: services.db, orderId });
      if (row?.status !== 'created') {
        await services.redis.zrem(EXPIRY_KEY, orderId);
        return true;
      }
      if (row.expiresAt > now) return false;
      const next = await expireOrder({ services, row, now });
      if (next.status !== 'created') await services.redis.zrem(EXPIRY_KEY, orderId);
      return next.status !== 'created';
    },
    () => false,
  );
}

/**
 * Fires order expiry on time from the Redis expiry index (every second), so an open order turns
 * `timeout` within about a second of its expiry.
 */
export async function expireDueOrders(options: {
  services: PaymentServices;
  now?: Date;
  limit?: number;
}): Promise<number> {
  const { services } = options;
  const now = options.now ?? new Date();
  const due = await services.redis.zrangebyscore(
    EXPIRY_KEY,
    '-inf',
    now.getTime(),
    'LIMIT',
    0,
    options.limit ?? 200,
  );
  let expired = 0;
  for (const orderId of due) {
    if (await expireOne(services, orderId, now)) expired++;
  }
  return expired;
}

/**
 * The database is the truth: open orders past their expiry that Redis does not know about (it
 * was flushed, or the server was down at the moment) are found here, at start and periodically.
 */
export async function sweepExpiredOrders(options: {
  services: PaymentServices;
  now?: Date;
  limit?: number;
}): Promise<number> {
  const { services } = options;
  const now = options.now ?? new Date();
  const rows = await services.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, 'created'), lte(orders.expiresAt, now)))
    .orderBy(asc(orders.expiresAt))
    .limit(options.limit ?? 500);
  let expired = 0;
  for (const { id } of rows) {
    if (await expireOne(services, id, now)) expired++;
  }
  return expired;
}

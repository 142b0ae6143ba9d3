import type { OrderStatus } from '../../db/schema/index.js';
import type { RedisClient } from '../../infra/redis.js';

/** Expiry times of open orders (score: epoch ms). The sweeper pops due members. */
export const EXPIRY_KEY = 'orders:expiry';

/**
 * The order's record in Redis (`order_id, merchant_id, created_at, expiry_time, status`) and its
 * place in the expiry index. A convenience for fast reads and timely expiry: the database stays
 * the truth and the sweeper catches up from it if Redis lost anything.
 */
export async function trackOrder(options: {
  redis: RedisClient;
  order: {
    id: string;
    merchantId: string;
    createdAt: string;
    expiresAt: string;
    status: OrderStatus;
  };
}): Promise<void> {
  const { redis, order } = options;
  const expiresMs = Date.parse(order.expiresAt);
  const key = `order:${order.id}`;
  // Two keys in different cluster slots: sent together, not as one MULTI (Redis Cluster refuses
  // cross-slot transactions), so one round trip of latency either way.
  await Promise.all([
    redis
      .multi()
      .hset(key, {
        order_id: order.id,
        merchant_id: order.merchantId,
        created_at: order.createdAt,
        expiry_time: order.expiresAt,
        status: order.status,
      })
      // Kept a day past expiry so late lookups still find it; the database has it for good.
      .pexpireat(key, expiresMs + 86_400_000)
      .exec(),
    order.status === 'created'
      ? redis.zadd(EXPIRY_KEY, expiresMs, order.id)
      : redis.zrem(EXPIRY_KEY, order.id),
  ]);
}

/** Mirrors a status change into Redis (best effort: the database is the truth). */
export async function trackStatus(options: {
  redis: RedisClient;
  orderId: string;
  status: OrderStatus;
}): Promise<void> {
  const { redis, orderId, status } = options;
  await Promise.all([
    redis.hset(`order:${orderId}`, 'status', status),
    redis.zrem(EXPIRY_KEY, orderId),
  ]);
}

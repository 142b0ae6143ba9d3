import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { merchants } from '../../db/schema/index.js';
import { createCache } from '../../infra/cache.js';
import type { RedisClient } from '../../infra/redis.js';
import { type MerchantCache, toMerchantRecord } from './merchant-record.js';

/** The merchant read cache: every request authenticated by a merchant JWT reads through it. */
export function createMerchantCache(options: {
  db: Db;
  redis: RedisClient;
  ttlSeconds: number;
  /** Test hook: observe database loads. */
  onLoad?: (merchantId: string) => void;
}): MerchantCache {
  return createCache({
    redis: options.redis,
    namespace: 'merchant:v2',
    ttlSeconds: options.ttlSeconds,
    async load(merchantId) {
      options.onLoad?.(merchantId);
      const [row] = await options.db.select().from(merchants).where(eq(merchants.id, merchantId));
      return row ? toMerchantRecord(row) : undefined;
    },
  });
}

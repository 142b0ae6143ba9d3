import type { RedisClient } from './redis.js';
import { randomToken } from './secrets.js';

export type Cache<T> = {
  /** The cached value, or the loader's (stored for next time). `undefined` is never cached. */
  get(key: string): Promise<T | undefined>;
  /** Drop a key after the write that changed it has committed. */
  invalidate(key: string): Promise<void>;
};

/** Stores the loaded value only if this loader still holds the fill lock, then releases it. */
const STORE_IF_HOLDER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3]) end
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Cache-aside in Redis with one loader per key across every process:
 * - in a process, concurrent misses for one key share one load (single flight);
 * - across processes, a fill lock in Redis lets one process load while the others poll the cache
 *   for its result (and load themselves, without storing, if it does not come in time);
 * - `invalidate` deletes the value and the fill lock together, and a loader stores only while it
 *   still holds its lock, so a load that raced a write never puts the old value back.
 */
export function createCache<T>(options: {
  redis: RedisClient;
  namespace: string;
  ttlSeconds: number;
  load: (key: string) => Promise<T | undefined>;
  serialize?: (value: T) => string;
  deserialize?: (text: string) => T;
  /** How long a fill lock lives if its holder dies mid-load. */
  lockMs?: number;
  /** How long other processes wait for the holder's value before loading themselves. */
  waitMs?: number;
}): Cache<T> {
  const { redis, namespace, ttlSeconds, load } = options;
  const serialize = options.serialize ?? ((value: T) => JSON.stringify(value));
  const deserialize = options.deserialize ?? ((text: string) => JSON.parse(text) as T);
  const lockMs = options.lockMs ?? 2_000;
  const waitMs = options.waitMs ?? 500;
  const inFlight = new Map<string, Promise<T | undefined>>();
  // Hash tags keep a value and its lock in one cluster slot, as the Lua script needs.
  const valueKey = (key: string) => `cache:{${namespace}:${key}}`;
  const lockKey = (key: string) => `cache-lock:{${namespace}:${key}}`;

  async function fill(key: string): Promise<T | undefined> {
    const token = randomToken(12);
    const acquired = await redis.set(lockKey(key), token, 'PX', lockMs, 'NX');
    if (acquired === 'OK') {
      let value: T | undefined;
      try {
        value = await load(key);
      } finally {
        await redis.eval(
          STORE_IF_HOLDER,
          2,
          lockKey(key),
          valueKey(key),
          token,
          value === undefined ? '' : serialize(value),
          String(ttlSeconds),
        );
      }
      return value;
    }
    // Another process is loading this key: wait for its value rather than query the database too.
    for (let waited = 0; waited < waitMs; waited += 20) {
      await sleep(20);
      const cached = await redis.get(valueKey(key));
      if (cached !== null) return deserialize(cached);
      if ((await redis.exists(lockKey(key))) === 0) break;
    }
    // Its holder found nothing, was invalidated or is slow: read for ourselves, store nothing.
    return load(key);
  }

  return {
    async get(key) {
      const cached = await redis.get(valueKey(key));
      if (cached !== null) return deserialize(cached);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const loading: Promise<T | undefined> = fill(key).finally(() => {
        if (inFlight.get(key) === loading) inFlight.delete(key);
      });
      inFlight.set(key, loading);
      return loading;
    },
    async invalidate(key) {
      inFlight.delete(key);
      await redis.del(valueKey(key), lockKey(key));
    },
  };
}

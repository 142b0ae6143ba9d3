import type { RedisClient } from './redis.js';

export type Cache<T> = {
  /** The cached value, or the loader's (stored for next time). `undefined` is never cached. */
  get(key: string): Promise<T | undefined>;
  /** Drop a key after the write that changed it has committed. */
  invalidate(key: string): Promise<void>;
};

/**
 * Cache-aside in Redis with single-flight loading: concurrent misses for one key in this
 * process share one loader call, so a burst of requests after an invalidation costs the
 * database one query per process instead of one per request.
 */
export function createCache<T>(options: {
  redis: RedisClient;
  namespace: string;
  ttlSeconds: number;
  load: (key: string) => Promise<T | undefined>;
  serialize?: (value: T) => string;
  deserialize?: (text: string) => T;
}): Cache<T> {
  const { redis, namespace, ttlSeconds, load } = options;
  const serialize = options.serialize ?? ((value: T) => JSON.stringify(value));
  const deserialize = options.deserialize ?? ((text: string) => JSON.parse(text) as T);
  const inFlight = new Map<string, Promise<T | undefined>>();
  // Bumped by invalidate: a load that started before a write must not store what it read.
  const generations = new Map<string, number>();
  const redisKey = (key: string) => `cache:${namespace}:${key}`;

  async function loadAndStore(key: string): Promise<T | undefined> {
    const generation = generations.get(key) ?? 0;
    const value = await load(key);
    if (value !== undefined && (generations.get(key) ?? 0) === generation) {
      await redis.set(redisKey(key), serialize(value), 'EX', ttlSeconds);
    }
    return value;
  }

  return {
    async get(key) {
      const cached = await redis.get(redisKey(key));
      if (cached !== null) return deserialize(cached);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const loading: Promise<T | undefined> = loadAndStore(key).finally(() => {
        if (inFlight.get(key) === loading) inFlight.delete(key);
      });
      inFlight.set(key, loading);
      return loading;
    },
    async invalidate(key) {
      generations.set(key, (generations.get(key) ?? 0) + 1);
      inFlight.delete(key);
      await redis.del(redisKey(key));
    },
  };
}

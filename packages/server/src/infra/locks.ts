import { randomBytes } from 'node:crypto';
import type { RedisClient } from './redis.js';

/** Deletes the key only if it still holds our token: never frees a lock someone else took over. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export type Lock = {
  key: string;
  token: string;
  /** Frees the lock if we still hold it; returns whether we did. */
  release(): Promise<boolean>;
};

/**
 * A Redis lock with a token and an expiry (SET NX PX): one holder at a time per key, and a holder
 * that dies frees it by expiry. It is a courtesy that keeps concurrent requests apart, not the
 * guarantee: a holder paused past the expiry can still run, so every state change it makes is
 * also fenced in the database (e.g. the order row's version).
 */
export async function acquireLock(options: {
  redis: RedisClient;
  key: string;
  ttlMs: number;
}): Promise<Lock | undefined> {
  const token = randomBytes(16).toString('hex');
  const key = `lock:${options.key}`;
  const ok = await options.redis.set(key, token, 'PX', options.ttlMs, 'NX');
  if (ok !== 'OK') return undefined;
  return {
    key,
    token,
    async release() {
      const deleted = await options.redis.eval(RELEASE, 1, key, token);
      return deleted === 1;
    },
  };
}

/** Runs `work` holding the lock; `busy` runs instead when someone else holds it. */
export async function withLock<T>(
  options: { redis: RedisClient; key: string; ttlMs: number },
  work: (lock: Lock) => Promise<T>,
  busy: () => Promise<T> | T,
): Promise<T> {
  const lock = await acquireLock(options);
  if (!lock) return busy();
  try {
    return await work(lock);
  } finally {
    await lock.release().catch(() => false);
  }
}

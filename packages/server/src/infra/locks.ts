import { randomBytes } from 'node:crypto';
import type { RedisClient } from './redis.js';

/** Deletes the key only if it still holds our token: never frees a lock someone else took over. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Extends the lease only if the key still holds our token. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export type Lock = {
  key: string;
  token: string;
  /** Frees the lock if we still hold it; returns whether we did. */
  release(): Promise<boolean>;
};

/**
 * A Redis lock with a token and a short lease (SET NX PX `ttlMs`), renewed every third of the
 * lease while its holder lives and holds it: one holder at a time per key, and a holder that dies
 * frees it within one lease (seconds), however long a live holder's work takes. It is a courtesy
 * that keeps concurrent requests apart, not the guarantee: a holder paused past its lease can
 * still run, so every state change it makes is also fenced in the database (e.g. the order row's
 * version).
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
  const renewal = setInterval(
    () => {
      options.redis.eval(RENEW, 1, key, token, String(options.ttlMs)).then(
        (renewed) => {
          // Lost (expired while this process was paused, and maybe taken): stop claiming it.
          if (renewed !== 1) clearInterval(renewal);
        },
        // Redis unreachable for a moment: the next tick tries again, the lease may lapse.
        () => undefined,
      );
    },
    Math.max(Math.floor(options.ttlMs / 3), 50),
  );
  // A lease never keeps the process alive on its own.
  renewal.unref();
  return {
    key,
    token,
    async release() {
      clearInterval(renewal);
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

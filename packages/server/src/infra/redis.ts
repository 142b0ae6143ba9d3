import { Cluster, Redis } from 'ioredis';

export type RedisClient = Redis | Cluster;

export type CreateRedisOptions = {
  url: string;
  /** host:port seeds; when present a Cluster client is made and `url` only lends credentials/TLS. */
  clusterNodes?: string[] | undefined;
  /** Prepended to every key, so several deployments (or test files) share one server safely. */
  keyPrefix: string;
  /** Give up quickly on an unreachable server instead of queueing commands forever. */
  connectTimeoutMs?: number;
  /**
   * A command without a reply after this long is rejected (default 2 s): a paused or partitioned
   * Redis, or commands waiting in the offline queue while it reconnects, fail fast.
   */
  commandTimeoutMs?: number;
  lazyConnect?: boolean;
};

/** The one place that creates Redis clients. */
export function createRedis(options: CreateRedisOptions): RedisClient {
  const url = new URL(options.url);
  const common = {
    keyPrefix: options.keyPrefix,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    // Queued while reconnecting (a restart takes well under a second), but never for long: the
    // command timeout bounds each queued command, and one failed reconnection rejects them.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    lazyConnect: options.lazyConnect ?? false,
    // Commands issued in the same tick share one socket write: under load a checkout's dozen
    // commands (locks, rate limits, sessions, caches) from many requests go out together, and a
    // write syscall per command was the largest single cost in the server's profile.
    enableAutoPipelining: true,
  };
  if (options.clusterNodes && options.clusterNodes.length > 0) {
    return new Cluster(
      options.clusterNodes.map((node) => {
        const [host, port] = node.split(':');
        return { host: host ?? '127.0.0.1', port: Number(port) };
      }),
      {
        keyPrefix: options.keyPrefix,
        lazyConnect: options.lazyConnect ?? false,
        enableAutoPipelining: true,
        redisOptions: {
          ...common,
          username: url.username ? decodeURIComponent(url.username) : undefined,
          password: url.password ? decodeURIComponent(url.password) : undefined,
          tls: url.protocol === 'rediss:' ? {} : undefined,
        },
      },
    );
  }
  return new Redis(options.url, common);
}

/** Deletes every key under a prefix (used by tests and tooling; SCAN, never KEYS). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  // The client's own keyPrefix is not applied to SCAN patterns, so the full prefix is passed.
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) {
      // Keys returned by SCAN already carry the prefix; strip it because DEL adds it again.
      const own = redis.options.keyPrefix ?? '';
      deleted += await redis.del(
        ...keys.map((k) => (own && k.startsWith(own) ? k.slice(own.length) : k)),
      );
    }
  } while (cursor !== '0');
  return deleted;
}

// What ioredis says when the server is gone, paused, unreachable or not serving yet.
const UNAVAILABLE_MESSAGES = [
  'Command timed out',
  'Connection is closed.',
  "Stream isn't writeable",
  'Reached the max retries per request limit',
  'Failed to refresh slots cache',
  'None of startup nodes is available',
];
const UNAVAILABLE_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);
// Server replies that mean "not now" (loading after a restart, failover in progress).
const UNAVAILABLE_REPLIES = /^(LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY) /;

/** Redis is down, paused or unreachable: worth a retry, not a bug (answered 503, not 500). */
export function isRedisUnavailableError(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (!(e instanceof Error)) return false;
    const { name, message } = e;
    if (UNAVAILABLE_NAMES.has(name)) return true;
    if (UNAVAILABLE_MESSAGES.some((m) => message.startsWith(m))) return true;
    if (name === 'ReplyError' && UNAVAILABLE_REPLIES.test(message)) return true;
  }
  return false;
}

import { Cluster, type Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../env.js';
import { closedPort, useTestEnv } from '../test/harness.js';
import { createRedis, deleteKeysWithPrefix, isRedisUnavailableError } from './redis.js';

describe('redis client factory', () => {
  const t = useTestEnv();

  it('prefixes every key, so deployments and test files sharing a server never collide', async () => {
    const { redis, env } = t();
    await redis.set('greeting', 'hello');
    const raw = createRedis({ url: env.REDIS_URL, keyPrefix: '' }) as Redis;
    try {
      expect(await raw.get(`${env.REDIS_KEY_PREFIX}greeting`)).toBe('hello');
      expect(await raw.get('greeting')).not.toBe('hello');
      const other = createRedis({
        url: env.REDIS_URL,
        keyPrefix: `${env.REDIS_KEY_PREFIX}other:`,
      }) as Redis;
      await other.set('greeting', 'bye');
      expect(await redis.get('greeting')).toBe('hello');
      other.disconnect();
      expect(await deleteKeysWithPrefix(redis, env.REDIS_KEY_PREFIX)).toBe(2);
      expect(await raw.exists(`${env.REDIS_KEY_PREFIX}greeting`)).toBe(0);
    } finally {
      raw.disconnect();
    }
  });

  it('builds a Cluster client when cluster nodes are configured', () => {
    const env = loadEnv({ REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001' });
    const cluster = createRedis({
      url: env.REDIS_URL,
      clusterNodes: env.REDIS_CLUSTER_NODES,
      keyPrefix: 'p:',
      lazyConnect: true,
    });
    try {
      expect(cluster).toBeInstanceOf(Cluster);
      expect(cluster.options.keyPrefix).toBe('p:');
    } finally {
      cluster.disconnect();
    }
  });
});

describe('a Redis that is not there', () => {
  const t = useTestEnv();

  it('fails a command within the command timeout with an error classed unavailable; a real reply error is not', async () => {
    const gone = createRedis({
      url: `redis://127.0.0.1:${await closedPort()}`,
      keyPrefix: 'x:',
      commandTimeoutMs: 300,
    }) as Redis;
    gone.on('error', () => undefined);
    try {
      const started = performance.now();
      const error = await gone.get('k').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(isRedisUnavailableError(error)).toBe(true);
      expect(isRedisUnavailableError(new Error('wrapped', { cause: error }))).toBe(true);
    } finally {
      gone.disconnect();
    }
    await t().redis.set('a-string', 'v');
    const wrongType = await t()
      .redis.lpush('a-string', 'x')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(wrongType).toBeInstanceOf(Error);
    expect(isRedisUnavailableError(wrongType)).toBe(false);
  });
});

import { Cluster, type Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../env.js';
import { useTestEnv } from '../test/harness.js';
import { createRedis, deleteKeysWithPrefix } from './redis.js';

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

import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/harness.js';
import { createCache } from './cache.js';

const t = useTestEnv();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cache-aside with one loader per key', () => {
  it('a burst of misses in two processes loads the row once', async () => {
    const loads: string[] = [];
    const make = () =>
      createCache<{ n: number }>({
        redis: t().redis,
        namespace: 'burst',
        ttlSeconds: 60,
        // Generous: on a loaded machine the holder's load can outlast the default wait, and then
        // the other process loads for itself by design (what this test is not about).
        waitMs: 10_000,
        async load(key) {
          loads.push(key);
          await sleep(50);
          return { n: 42 };
        },
      });
    // Two cache instances stand for two server processes sharing one Redis.
    const [a, b] = [make(), make()];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).get('k1')),
    );
    expect(loads).toEqual(['k1']);
    expect(results.every((r) => r?.n === 42)).toBe(true);
    await a.get('k1');
    expect(loads).toHaveLength(1);
  });

  it('a load that raced an invalidation is returned but never stored', async () => {
    let version = 1;
    // Each load announces itself and waits to be released, so the test never depends on timing.
    const loads: { started: Promise<void>; release: () => void }[] = [];
    let announce: () => void = () => undefined;
    const nextLoad = () =>
      new Promise<void>((r) => {
        announce = r;
      });
    let started = nextLoad();
    let release: () => void = () => undefined;
    const cache = createCache<{ version: number }>({
      redis: t().redis,
      namespace: 'race',
      ttlSeconds: 60,
      async load() {
        const read = version;
        const gate = new Promise<void>((r) => {
          release = r;
        });
        loads.push({ started, release });
        announce();
        await gate;
        return { version: read };
      },
    });
    const pending = cache.get('m1');
    await started;
    version = 2; // the write commits...
    await cache.invalidate('m1'); // ...and invalidates while the old read is still in flight
    started = nextLoad();
    release();
    expect(await pending).toEqual({ version: 1 });
    expect(await t().redis.get('cache:{race:m1}')).toBeNull();
    const next = cache.get('m1');
    await started;
    release();
    expect(await next).toEqual({ version: 2 });
    expect(loads).toHaveLength(2);
  });

  it('does not cache misses', async () => {
    let loads = 0;
    const cache = createCache<string>({
      redis: t().redis,
      namespace: 'missing',
      ttlSeconds: 60,
      async load() {
        loads += 1;
        return undefined;
      },
    });
    expect(await cache.get('nope')).toBeUndefined();
    expect(await cache.get('nope')).toBeUndefined();
    expect(loads).toBe(2);
  });
});

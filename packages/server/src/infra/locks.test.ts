import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/harness.js';
import { acquireLock, withLock } from './locks.js';

describe('order locks are short leases', () => {
  const t = useTestEnv();

  it('a live holder keeps its lock past many leases; it is free once released', async () => {
    const { redis } = t();
    const seen: string[] = [];
    await withLock(
      { redis, key: 'order:lease-live', ttlMs: 200 },
      async () => {
        for (let i = 0; i < 5; i++) {
          await new Promise((r) => setTimeout(r, 200));
          seen.push(
            await withLock(
              { redis, key: 'order:lease-live', ttlMs: 200 },
              async () => 'took',
              () => 'busy',
            ),
          );
        }
      },
      () => undefined,
    );
    expect(seen).toEqual(['busy', 'busy', 'busy', 'busy', 'busy']);
    const after = await acquireLock({ redis, key: 'order:lease-live', ttlMs: 200 });
    expect(after).toBeDefined();
    await after?.release();
  });

  it('a lock nobody renews lapses within its lease', async () => {
    const { redis } = t();
    // What a dead holder leaves: the key with its lease, and no process renewing it.
    await redis.set('lock:order:lease-dead', 'dead-holder', 'PX', 300);
    expect(await acquireLock({ redis, key: 'order:lease-dead', ttlMs: 300 })).toBeUndefined();
    await new Promise((r) => setTimeout(r, 350));
    const lock = await acquireLock({ redis, key: 'order:lease-dead', ttlMs: 300 });
    expect(lock).toBeDefined();
    await lock?.release();
  });
});

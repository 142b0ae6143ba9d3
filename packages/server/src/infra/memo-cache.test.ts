import { describe, expect, it } from 'vitest';
import type { Cache } from './cache.js';
import { memoCache } from './memo-cache.js';

function counting(values: Map<string, number>): Cache<number> & { loads: number } {
  const cache = {
    loads: 0,
    async get(key: string) {
      cache.loads++;
      if (key === 'boom') throw new Error('down');
      return values.get(key);
    },
    async invalidate() {},
  };
  return cache;
}

describe('in-process memo over a shared cache', () => {
  it('serves repeats within the ttl, reloads after it, and forgets on invalidate', async () => {
    const values = new Map([['a', 1]]);
    const inner = counting(values);
    const memo = memoCache(inner, { ttlMs: 50 });
    expect(await Promise.all([memo.get('a'), memo.get('a'), memo.get('a')])).toEqual([1, 1, 1]);
    expect(inner.loads).toBe(1);
    values.set('a', 2);
    await memo.invalidate('a');
    expect(await memo.get('a')).toBe(2);
    values.set('a', 3);
    expect(await memo.get('a')).toBe(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(await memo.get('a')).toBe(3);
  });

  it('does not remember misses or failures', async () => {
    const inner = counting(new Map());
    const memo = memoCache(inner, { ttlMs: 10_000 });
    expect(await memo.get('missing')).toBeUndefined();
    await expect(memo.get('boom')).rejects.toThrow('down');
    await new Promise((r) => setTimeout(r, 0));
    expect(await memo.get('missing')).toBeUndefined();
    await expect(memo.get('boom')).rejects.toThrow('down');
    expect(inner.loads).toBe(4);
  });
});

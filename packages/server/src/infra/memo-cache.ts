import type { Cache } from './cache.js';

/**
 * A short-lived in-process layer over a shared cache: a hot merchant is read on every request of
 * a checkout (several times), and a Redis round trip each time is the largest share of that work.
 * Changes reach this layer within `ttlMs` (plus the shared cache's own invalidation), so keep it
 * to about a second. Invalidating here also invalidates below.
 */
export function memoCache<T>(
  inner: Cache<T>,
  options: { ttlMs: number; maxEntries?: number },
): Cache<T> {
  const entries = new Map<string, { at: number; value: Promise<T | undefined> }>();
  const max = options.maxEntries ?? 10_000;
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit && Date.now() - hit.at < options.ttlMs) return hit.value;
      const value = inner.get(key);
      if (entries.size >= max) entries.clear();
      const entry = { at: Date.now(), value };
      entries.set(key, entry);
      // A failed or empty load is not remembered (nor is a newer entry dropped for it).
      const forget = () => {
        if (entries.get(key) === entry) entries.delete(key);
      };
      value.then((v) => {
        if (v === undefined) forget();
      }, forget);
      return value;
    },
    async invalidate(key) {
      entries.delete(key);
      await inner.invalidate(key);
    },
  };
}

import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/harness.js';
import { checkRateLimit, enforceRateLimit } from './rate-limit.js';

const t = useTestEnv();

describe('rate limits (GCRA in Redis)', () => {
  it('allows a burst up to the limit, refuses with a retry-after, then recovers', async () => {
    const rule = { limit: 3, periodSeconds: 3 };
    const check = () => checkRateLimit({ redis: t().redis, name: 'test', subject: 'ip:1', rule });
    const results = [await check(), await check(), await check(), await check()];
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    const refused = results[3];
    expect(refused?.retryAfterMs).toBeGreaterThan(0);
    expect(refused?.retryAfterMs).toBeLessThanOrEqual(1_000);
    await new Promise((r) => setTimeout(r, (refused?.retryAfterMs ?? 0) + 20));
    expect((await check()).allowed).toBe(true);
    expect((await check()).allowed).toBe(false);
  });

  it('keeps subjects apart and is atomic under concurrency', async () => {
    const rule = { limit: 5, periodSeconds: 60 };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        checkRateLimit({ redis: t().redis, name: 'burst', subject: 'ip:2', rule }),
      ),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    const other = await checkRateLimit({ redis: t().redis, name: 'burst', subject: 'ip:3', rule });
    expect(other.allowed).toBe(true);
  });

  it('enforceRateLimit throws rate_limited with retry-after details', async () => {
    const rule = { limit: 1, periodSeconds: 30 };
    const options = { redis: t().redis, name: 'login', subjects: ['ip:4', 'email:a@b.c'], rule };
    await enforceRateLimit(options);
    await expect(enforceRateLimit(options)).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      details: { limit: 'login', retryAfterSeconds: 30 },
    });
  });

  it('works with limits far above a request per millisecond (emission under 1 ms)', async () => {
    const rule = { limit: 100_000_000, periodSeconds: 1 };
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        checkRateLimit({ redis: t().redis, name: 'huge', subject: 'ip:5', rule }),
      ),
    );
    expect(results.every((r) => r.allowed)).toBe(true);
  });
});

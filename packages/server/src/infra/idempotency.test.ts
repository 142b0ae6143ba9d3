import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { AppError } from '../errors.js';
import { useTestEnv } from '../test/harness.js';
import { canonicalJson, purgeExpiredIdempotencyKeys, runIdempotent } from './idempotency.js';

/** The "mutation": a counter row per key, so executions are counted in the database. */
async function setup(db: Db) {
  await db.execute(sql`CREATE TABLE IF NOT EXISTS test_payments (
    id BIGINT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(100) NOT NULL, amount BIGINT NOT NULL)`);
  await db.execute(sql`DELETE FROM test_payments`);
  await db.delete(idempotencyKeys);
}

async function executions(db: Db, label: string): Promise<number> {
  const [rows] = (await db.execute(
    sql`SELECT count(*) AS n FROM test_payments WHERE label = ${label}`,
  )) as unknown as [{ n: number }[]];
  return Number(rows[0]?.n);
}

function pay(
  db: Db,
  key: string,
  input: { label: string; amount: number },
  extra?: { scope?: string; lockMs?: number },
) {
  return runIdempotent({
    db,
    scope: 'mch_test:test',
    key,
    operation: 'payments.create',
    input,
    ttlHours: 24,
    run: async (tx) => {
      await tx.execute(
        sql`INSERT INTO test_payments (label, amount) VALUES (${input.label}, ${input.amount})`,
      );
      // A little work so concurrent requests really overlap.
      await new Promise((r) => setTimeout(r, 50));
      return { paid: input.amount, label: input.label };
    },
    ...extra,
  });
}

describe('idempotent mutations', () => {
  const t = useTestEnv();
  beforeEach(async () => setup(t().database.db));

  it('replays the first result for the same key and parameters, marked as a replay', async () => {
    const { db } = t().database;
    const first = await pay(db, 'key-1', { label: 'p1', amount: 500 });
    const second = await pay(db, 'key-1', { amount: 500, label: 'p1' }); // key order differs
    expect(first).toEqual({ replayed: false, data: { paid: 500, label: 'p1' } });
    expect(second).toEqual({ replayed: true, data: { paid: 500, label: 'p1' } });
    expect(await executions(db, 'p1')).toBe(1);
    const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'key-1'));
    expect(row?.status).toBe('completed');
    // kept at least 24 hours
    expect((row?.expiresAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
  });

  it('refuses the same key with different parameters and runs nothing', async () => {
    const { db } = t().database;
    await pay(db, 'key-2', { label: 'p2', amount: 500 });
    await expect(pay(db, 'key-2', { label: 'p2', amount: 501 })).rejects.toMatchObject({
      code: 'idempotency_key_reused',
      status: 422,
      field: 'Idempotency-Key',
    });
    expect(await executions(db, 'p2')).toBe(1);
  });

  it('the same key string in another scope is another key', async () => {
    const { db } = t().database;
    await pay(db, 'key-3', { label: 'p3', amount: 1 });
    const other = await pay(db, 'key-3', { label: 'p3', amount: 1 }, { scope: 'mch_other:test' });
    expect(other.replayed).toBe(false);
    expect(await executions(db, 'p3')).toBe(2);
  });

  it('50 concurrent requests with one key execute once; the others wait-and-retry or replay', async () => {
    const { db } = t().database;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => pay(db, 'key-race', { label: 'race', amount: 700 })),
    );
    expect(await executions(db, 'race')).toBe(1);
    const fresh = results.filter((r) => r.status === 'fulfilled' && !r.value.replayed);
    expect(fresh).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'fulfilled') expect(r.value.data).toEqual({ paid: 700, label: 'race' });
      else {
        expect(r.reason).toBeInstanceOf(AppError);
        expect(r.reason).toMatchObject({ code: 'idempotency_key_in_use', status: 409 });
        expect((r.reason as AppError).details?.retryAfterMs).toBeGreaterThan(0);
      }
    }
    // After the first completes, every retry replays.
    const retry = await pay(db, 'key-race', { label: 'race', amount: 700 });
    expect(retry).toEqual({ replayed: true, data: { paid: 700, label: 'race' } });
  });

  it('stores and replays a client-error refusal, but frees the key after an unexpected failure', async () => {
    const { db } = t().database;
    const refuse = () =>
      runIdempotent({
        db,
        scope: 's',
        key: 'key-refused',
        operation: 'op',
        input: {},
        ttlHours: 24,
        run: async (tx) => {
          await tx.execute(sql`INSERT INTO test_payments (label, amount) VALUES ('refused', 1)`);
          throw new AppError('unprocessable', { message: 'insufficient funds', field: 'amount' });
        },
      });
    await expect(refuse()).rejects.toMatchObject({
      code: 'unprocessable',
      userMessage: 'insufficient funds',
    });
    await expect(refuse()).rejects.toMatchObject({
      code: 'unprocessable',
      field: 'amount',
      details: { replayed: true },
    });
    expect(await executions(db, 'refused')).toBe(0); // rolled back both times

    let calls = 0;
    const crashOnce = () =>
      runIdempotent({
        db,
        scope: 's',
        key: 'key-crash',
        operation: 'op',
        input: {},
        ttlHours: 24,
        run: async () => {
          calls++;
          if (calls === 1) throw new Error('database hiccup');
          return 'ok';
        },
      });
    await expect(crashOnce()).rejects.toThrow('database hiccup');
    await expect(crashOnce()).resolves.toEqual({ replayed: false, data: 'ok' });
  });

  it('a request takes over a key whose holder died, and the late holder cannot commit', async () => {
    const { db } = t().database;
    let releaseSlow: () => void = () => undefined;
    const slowGate = new Promise<void>((r) => {
      releaseSlow = r;
    });
    // The slow holder claims the key with a short lease and stalls past it without renewing
    // (as a paused or dying process would).
    const slow = runIdempotent({
      db,
      scope: 's',
      key: 'key-stale',
      operation: 'op',
      input: { a: 1 },
      ttlHours: 24,
      lockMs: 100,
      renewEveryMs: 60_000,
      run: async (tx) => {
        await tx.execute(sql`INSERT INTO test_payments (label, amount) VALUES ('stale', 1)`);
        await slowGate;
        return 'slow';
      },
    });
    await new Promise((r) => setTimeout(r, 200));
    const taker = await runIdempotent({
      db,
      scope: 's',
      key: 'key-stale',
      operation: 'op',
      input: { a: 1 },
      ttlHours: 24,
      run: async (tx) => {
        await tx.execute(sql`INSERT INTO test_payments (label, amount) VALUES ('stale', 2)`);
        return 'taker';
      },
    });
    expect(taker).toEqual({ replayed: false, data: 'taker' });
    releaseSlow();
    await expect(slow).rejects.toMatchObject({ code: 'idempotency_key_in_use' });
    expect(await executions(db, 'stale')).toBe(1);
    const replay = await runIdempotent({
      db,
      scope: 's',
      key: 'key-stale',
      operation: 'op',
      input: { a: 1 },
      ttlHours: 24,
      run: async () => 'never',
    });
    expect(replay).toEqual({ replayed: true, data: 'taker' });
  });

  it('a live holder keeps its claim past many leases by renewing it', async () => {
    const { db } = t().database;
    let finish: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      finish = r;
    });
    const holder = runIdempotent({
      db,
      scope: 's',
      key: 'key-renewed',
      operation: 'op',
      input: { a: 1 },
      ttlHours: 24,
      lockMs: 200,
      outside: async () => {
        await gate;
        return 'holder';
      },
    });
    const other = () =>
      runIdempotent({
        db,
        scope: 's',
        key: 'key-renewed',
        operation: 'op',
        input: { a: 1 },
        ttlHours: 24,
        lockMs: 200,
        outside: async () => 'other',
      });
    // Five leases later the holder still holds it: the others wait instead of taking over.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 200));
      await expect(other()).rejects.toMatchObject({ code: 'idempotency_key_in_use' });
    }
    finish();
    expect(await holder).toEqual({ replayed: false, data: 'holder' });
    expect(await other()).toEqual({ replayed: true, data: 'holder' });
  });

  it('runs a provider-calling mutation with no transaction open, and replays it', async () => {
    // One pooled connection: if the claim or the record held it while the mutation ran, the
    // mutation's own query would wait for it forever.
    const single = createDatabase({ url: t().env.DATABASE_URL, poolSize: 1 });
    try {
      let calls = 0;
      const call = () =>
        runIdempotent({
          db: single.db,
          scope: 'shp_test:test',
          key: 'deposit-1',
          operation: 'wallet.deposit',
          input: { amount: 700 },
          ttlHours: 24,
          outside: async () => {
            calls++;
            await single.db.execute(
              sql`INSERT INTO test_payments (label, amount) VALUES ('outside', 700)`,
            );
            return { deposited: 700 };
          },
        });
      const first = await Promise.race([
        call(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('pool starved')), 5_000)),
      ]);
      expect(first).toEqual({ replayed: false, data: { deposited: 700 } });
      expect(await call()).toEqual({ replayed: true, data: { deposited: 700 } });
      expect(calls).toBe(1);
      expect(await executions(single.db, 'outside')).toBe(1);
    } finally {
      await single.close();
    }
  });

  it('stores a refusal from a provider-calling mutation like any other', async () => {
    const { db } = t().database;
    const refuse = () =>
      runIdempotent({
        db,
        scope: 'shp_test:test',
        key: 'deposit-2',
        operation: 'wallet.deposit',
        input: { amount: 1 },
        ttlHours: 24,
        outside: async () => {
          throw new AppError('deposit_declined');
        },
      });
    await expect(refuse()).rejects.toMatchObject({ code: 'deposit_declined' });
    await expect(refuse()).rejects.toMatchObject({
      code: 'deposit_declined',
      details: { replayed: true },
    });
  });

  it('rejects a malformed key', async () => {
    const { db } = t().database;
    await expect(pay(db, '', { label: 'x', amount: 1 })).rejects.toMatchObject({
      code: 'idempotency_key_invalid',
    });
    await expect(pay(db, 'has space', { label: 'x', amount: 1 })).rejects.toMatchObject({
      code: 'idempotency_key_invalid',
    });
    await expect(pay(db, 'k'.repeat(256), { label: 'x', amount: 1 })).rejects.toMatchObject({
      code: 'idempotency_key_invalid',
    });
    expect(await executions(db, 'x')).toBe(0);
  });

  it('forgets keys after their retention: an expired key runs again; the purge removes it', async () => {
    const { db } = t().database;
    await pay(db, 'key-old', { label: 'old', amount: 1 });
    await db
      .update(idempotencyKeys)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(idempotencyKeys.key, 'key-old'));
    const again = await pay(db, 'key-old', { label: 'old', amount: 1 });
    expect(again.replayed).toBe(false);
    expect(await executions(db, 'old')).toBe(2);
    await db
      .update(idempotencyKeys)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(idempotencyKeys.key, 'key-old'));
    expect(await purgeExpiredIdempotencyKeys({ db })).toBe(1);
    expect(
      await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'key-old')),
    ).toEqual([]);
  });

  it('canonical JSON ignores key order and undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      canonicalJson({ a: { d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});

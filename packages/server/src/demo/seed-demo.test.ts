import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdentityServices } from '../auth/identity-services.js';
import { merchantCredentials, merchants, staffUsers, users } from '../db/schema/index.js';
import { getBalance, verifyLedger } from '../domains/ledger/index.js';
import { type TestEnv, useTestEnv } from '../test/harness.js';
import { testWriter } from '../test/ledger.js';
import { DEMO, seedDemo } from './seed-demo.js';

describe('demo seed', () => {
  const getT = useTestEnv({ SCRYPT_COST: '1024' });
  let stop: (() => Promise<void>) | undefined;
  afterAll(async () => stop?.());

  it('seeds an admin, an active merchant with test keys and funded shoppers, once', async () => {
    const t: TestEnv = getT();
    const writer = testWriter(t);
    stop = () => writer.stop();
    const identity = createIdentityServices({
      env: t.env,
      db: t.database.db,
      redis: t.redis,
      logger: t.logger,
    });
    const run = () => seedDemo({ database: t.database, identity, writer });

    const first = await run();
    expect(first.admin).toBe('created');
    expect(first.newCredentials?.apiKey).toMatch(/^dk_test_/);
    const second = await run();
    expect(second.admin).toBe('exists');
    expect(second.newCredentials).toBeNull();
    expect(second.merchantId).toBe(first.merchantId);
    expect(second.shoppers.map((s) => s.walletId)).toEqual(first.shoppers.map((s) => s.walletId));

    const { db } = t.database;
    const [merchant] = await db.select().from(merchants).where(eq(merchants.id, first.merchantId));
    expect(merchant?.status).toBe('active');
    expect(
      await db
        .select()
        .from(merchantCredentials)
        .where(eq(merchantCredentials.merchantId, first.merchantId)),
    ).toHaveLength(2);
    expect(await db.select().from(staffUsers).where(eq(staffUsers.role, 'admin'))).toHaveLength(1);
    for (const [i, shopper] of first.shoppers.entries()) {
      const [user] = await db.select().from(users).where(eq(users.id, shopper.userId));
      expect(user?.emailVerifiedAt).not.toBeNull();
      // Funded exactly once across both runs.
      expect((await getBalance({ db, accountId: shopper.walletId })).balance).toBe(
        DEMO.shoppers[i]?.funds,
      );
    }
    expect((await verifyLedger({ pool: t.database.pool })).ok).toBe(true);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEvents, staffUsers } from '../../db/schema/index.js';
import { useTestEnv } from '../../test/harness.js';
import {
  Browser,
  createMerchant,
  createStaff,
  IDENTITY_TEST_ENV,
  identityFor,
  issueApiKey,
  PASSWORD,
  type RunningServer,
  SYSTEM,
  signMerchantJwt,
  startServer,
  uniqueEmail,
} from '../../test/identity.js';
import { ensureBootstrapAdmin } from '../staff/ensure-bootstrap-admin.js';
import { changeMerchantStatus } from './change-merchant-status.js';
import { createMerchantCache } from './create-merchant-cache.js';
import { getWebhookSecrets } from './get-webhook-secrets.js';
import { issueMerchantCredential } from './issue-merchant-credential.js';
import { revokeMerchantCredential } from './revoke-merchant-credential.js';

const t = useTestEnv({ ...IDENTITY_TEST_ENV, TRUST_PROXY: 'loopback' });

async function eventsOf(merchantId: string) {
  return t()
    .database.db.select()
    .from(outboxEvents)
    .where(eq(outboxEvents.aggregateId, merchantId))
    .orderBy(outboxEvents.seq);
}

describe('merchants', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(t());
  });
  afterAll(async () => {
    await server.http.close(1_000);
  });

  it('onboarding over HTTP: apply (pending), admin activates, each change writes an event', async () => {
    const applicant = new Browser(server.base);
    const ownerEmail = uniqueEmail('founder');
    const applied = await applicant.mutation('merchant.submitApplication', {
      businessName: 'Acme Widgets',
      website: 'https://acme.example',
      contactEmail: 'Billing@Acme.example',
      callbackUrl: 'https://acme.example/return',
      ipnUrl: 'https://acme.example/ipn',
      allowedOrigins: ['https://acme.example'],
      owner: { email: ownerEmail, password: PASSWORD, name: 'Ada' },
    });
    expect(applied.status).toBe(200);
    const { merchantId } = (applied.body.result?.data ?? {}) as { merchantId: string };

    const owner = new Browser(server.base);
    expect(
      (await owner.mutation('admin.logIn', { email: ownerEmail, password: PASSWORD })).status,
    ).toBe(200);
    const pending = await owner.query('merchant.get', { merchantId });
    expect(pending.body.result?.data).toMatchObject({
      status: 'pending',
      contactEmail: 'billing@acme.example',
      allowedOrigins: ['https://acme.example'],
    });
    // No live keys before activation; test keys are fine.
    const live = await owner.mutation('merchant.credentials.issue', {
      merchantId,
      kind: 'api_key',
      mode: 'live',
    });
    expect(live.body.error?.data.code).toBe('merchant_not_active');
    const test = await owner.mutation('merchant.credentials.issue', {
      merchantId,
      kind: 'api_key',
      mode: 'test',
    });
    expect(test.status).toBe(200);

    const admin = new Browser(server.base);
    const adminUser = await createStaff(t(), { role: 'admin' });
    await admin.mutation('admin.logIn', { email: adminUser.email, password: PASSWORD });
    const activated = await admin.mutation('admin.merchants.setStatus', {
      merchantId,
      status: 'active',
    });
    expect(activated.body.result?.data).toMatchObject({ status: 'active', version: 2 });
    // The cached read was invalidated by the write.
    expect((await owner.query('merchant.get', { merchantId })).body.result?.data).toMatchObject({
      status: 'active',
    });

    const reopened = await admin.mutation('admin.merchants.setStatus', {
      merchantId,
      status: 'pending',
    });
    expect(reopened.status).toBe(409);
    expect(reopened.body.error?.data.code).toBe('merchant_status_invalid');

    await admin.mutation('admin.merchants.setStatus', { merchantId, status: 'suspended' });
    await admin.mutation('admin.merchants.setStatus', { merchantId, status: 'closed' });
    const afterClose = await admin.mutation('admin.merchants.setStatus', {
      merchantId,
      status: 'active',
    });
    expect(afterClose.body.error?.data.code).toBe('merchant_status_invalid');

    const events = await eventsOf(merchantId);
    expect(events.map((e) => e.type)).toEqual([
      'merchant.applied',
      'merchant.credential_created',
      'merchant.status_changed',
      'merchant.status_changed',
      'merchant.status_changed',
    ]);
    expect(events.slice(2).map((e) => e.payload)).toEqual([
      expect.objectContaining({ from: 'pending', to: 'active' }),
      expect.objectContaining({ from: 'active', to: 'suspended' }),
      expect.objectContaining({ from: 'suspended', to: 'closed' }),
    ]);
    expect(JSON.stringify(events)).not.toContain(
      (test.body.result?.data as { secret?: string } | undefined)?.secret ?? 'no-secret',
    );
  });

  it('owners update their profile (audited, cache invalidated, event written)', async () => {
    const { merchantId, ownerEmail } = await createMerchant(t());
    const owner = new Browser(server.base);
    await owner.mutation('admin.logIn', { email: ownerEmail, password: PASSWORD });
    await owner.query('merchant.get', { merchantId });
    const updated = await owner.mutation('merchant.update', {
      merchantId,
      ipnUrl: 'https://shop.example/ipn/v2',
    });
    expect(updated.body.result?.data).toMatchObject({ ipnUrl: 'https://shop.example/ipn/v2' });
    expect((await owner.query('merchant.get', { merchantId })).body.result?.data).toMatchObject({
      ipnUrl: 'https://shop.example/ipn/v2',
    });
    expect((await eventsOf(merchantId)).map((e) => e.type)).toContain('merchant.updated');
  });

  it('merchant reads are cached: a burst of misses loads the row once', async () => {
    const { merchantId } = await createMerchant(t());
    const loaded: string[] = [];
    const cache = createMerchantCache({
      db: t().database.db,
      redis: t().redis,
      ttlSeconds: 60,
      onLoad: (id) => {
        loaded.push(id);
      },
    });
    const burst = await Promise.all(Array.from({ length: 50 }, () => cache.get(merchantId)));
    expect(loaded).toHaveLength(1);
    expect(new Set(burst.map((m) => m?.id))).toEqual(new Set([merchantId]));
    await cache.get(merchantId);
    expect(loaded).toHaveLength(1);

    await t().database.db.transaction((tx) =>
      changeMerchantStatus({ tx, actor: SYSTEM, merchantId, status: 'suspended' }),
    );
    await cache.invalidate(merchantId);
    expect((await cache.get(merchantId))?.status).toBe('suspended');
    expect(loaded).toHaveLength(2);
    expect(await cache.get('mch_1111111111111111111111')).toBeUndefined();
  });

  it('webhook secrets rotate with a grace period and revoke at once', async () => {
    const { merchantId } = await createMerchant(t());
    const db = t().database.db;
    const masterKey = identityFor(t()).config.masterKey;
    const issue = (graceSeconds: number) =>
      db.transaction((tx) =>
        issueMerchantCredential({
          tx,
          actor: SYSTEM,
          masterKey,
          merchantId,
          kind: 'webhook_secret',
          mode: 'test',
          graceSeconds,
        }),
      );
    const first = await issue(0);
    const second = await issue(600);
    expect(second.secret).toMatch(/^dwhsec_test_/);
    const at = (s: number) => new Date(Date.now() + s * 1000);
    const secretsAt = async (s: number) =>
      (await getWebhookSecrets({ db, masterKey, merchantId, mode: 'test', now: at(s) })).map(
        (w) => w.secret,
      );
    expect(await secretsAt(0)).toEqual([second.secret, first.secret]);
    expect(await secretsAt(700)).toEqual([second.secret]);
    expect(await getWebhookSecrets({ db, masterKey, merchantId, mode: 'live' })).toEqual([]);
    await db.transaction((tx) =>
      revokeMerchantCredential({
        tx,
        actor: SYSTEM,
        merchantId,
        credentialId: second.credential.id,
      }),
    );
    expect(await secretsAt(0)).toEqual([first.secret]);
  });

  it('a key revoked by staff is refused on the very next call, though credentials are cached', async () => {
    const { merchantId, ownerEmail } = await createMerchant(t());
    const owner = new Browser(server.base);
    await owner.mutation('admin.logIn', { email: ownerEmail, password: PASSWORD });
    const issued = await owner.mutation('merchant.credentials.issue', {
      merchantId,
      kind: 'api_key',
      mode: 'test',
    });
    const { secret, credential } = (issued.body.result?.data ?? {}) as {
      secret: string;
      credential: { id: string };
    };
    const whoami = async (key: string) => {
      const api = new Browser(server.base);
      api.headers.authorization = `Bearer ${await signMerchantJwt({ secret: key, merchantId })}`;
      return api.query('merchant.whoami');
    };
    expect((await whoami(secret)).body.result?.data).toMatchObject({ merchantId });
    // Cached now; the revocation through this process drops the cached copy at once.
    expect(
      (
        await owner.mutation('merchant.credentials.revoke', {
          merchantId,
          credentialId: credential.id,
        })
      ).status,
    ).toBe(200);
    expect((await whoami(secret)).body.error?.data.code).toBe('merchant_key_revoked');

    // A key issued by another process (straight into the database here) is picked up once this
    // process's cached copy is a second old: the bound the cache promises.
    const other = await issueApiKey(t(), { merchantId });
    await expect
      .poll(async () => (await whoami(other.secret)).body.result?.data, {
        // Picked up after a second; the margin is for a loaded test machine.
        timeout: 10_000,
        interval: 250,
      })
      .toMatchObject({ merchantId, credentialId: other.credentialId });
  });

  it('the first admin is created from configuration once, and never again', async () => {
    const scrypt = identityFor(t()).config.scrypt;
    const db = t().database.db;
    // Other tests in this file may already have created admins; use a fresh view of the table.
    const admins = await db.select().from(staffUsers).where(eq(staffUsers.role, 'admin'));
    const expected = admins.length === 0 ? 'created' : 'exists';
    const email = uniqueEmail('root');
    expect(
      await ensureBootstrapAdmin({ db, scrypt, email, password: 'bootstrap password 1' }),
    ).toBe(expected);
    expect(await ensureBootstrapAdmin({ db, scrypt, email, password: 'other password 2' })).toBe(
      'exists',
    );
  });
});

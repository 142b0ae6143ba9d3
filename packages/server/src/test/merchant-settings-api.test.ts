import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, merchants } from '../db/schema/index.js';
import { useTestEnv } from './harness.js';
import { Browser } from './identity.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  resultData,
  startPaymentServer,
  type TestMerchant,
} from './payments.js';

/**
 * The merchant settings through the merchant API (tRPC `settings.*` and `GET/POST /v1/settings`):
 * the fields the merchant area edits, with the same validation and the same audit trail.
 */
const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;

type Settings = Record<string, unknown> & { version: number; displayName: string | null };
type RestError = { error: { code: string; field?: string; docUrl?: string } };

async function rest<T>(m: TestMerchant, method: 'GET' | 'POST', body?: unknown) {
  const res = await fetch(`${server.base}/v1/settings`, {
    method,
    headers: {
      authorization: `Bearer ${await m.jwt()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function merchantRow(merchantId: string) {
  const [row] = await t().database.db.select().from(merchants).where(eq(merchants.id, merchantId));
  return row;
}

beforeAll(async () => {
  server = await startPaymentServer(t());
});

afterAll(async () => {
  await server.stop();
});

describe('merchant settings over the merchant API', () => {
  it('reads and changes the settings over REST and tRPC; only the fields sent change', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const before = await rest<Settings>(shop, 'GET');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      merchantId: shop.merchantId,
      displayName: null,
      brandColor: null,
      maxFailedAttempts: 5,
      logoUrl: null,
    });

    const changed = await rest<Settings>(shop, 'POST', {
      displayName: 'Rosa Bakery',
      brandColor: '#0A7D55',
      supportEmail: 'help@rosa.example',
      allowedOrigins: ['https://rosa.example'],
      callbackUrl: 'https://rosa.example/ducat/return',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      displayName: 'Rosa Bakery',
      brandColor: '#0a7d55',
      supportEmail: 'help@rosa.example',
      allowedOrigins: ['https://rosa.example'],
      callbackUrl: 'https://rosa.example/ducat/return',
      ipnUrl: before.body.ipnUrl,
      maxFailedAttempts: 5,
      version: before.body.version + 1,
    });

    // tRPC answers the same settings, and clears a field with null.
    const cleared = await shop.call('mutation', 'settings.update', { supportEmail: null });
    expect(resultData<Settings>(cleared)).toMatchObject({
      displayName: 'Rosa Bakery',
      supportEmail: null,
    });
    const read = await shop.call('query', 'settings.get');
    expect(resultData<Settings>(read)).toEqual(resultData<Settings>(cleared));
    expect(await merchantRow(shop.merchantId)).toMatchObject({
      displayName: 'Rosa Bakery',
      brandColor: '#0a7d55',
      supportEmail: null,
      allowedOrigins: ['https://rosa.example'],
    });
  });

  it('refuses bad values and fields a merchant may not set with a typed 400, and changes nothing', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const rowBefore = await merchantRow(shop.merchantId);
    const cases: [unknown, string | undefined][] = [
      [{ brandColor: 'red; background:url(x)' }, 'brandColor'],
      [{ termsUrl: 'javascript:alert(1)' }, 'termsUrl'],
      [{ allowedOrigins: ['https://shop.example/path'] }, 'allowedOrigins.0'],
      [{ maxFailedAttempts: 0 }, 'maxFailedAttempts'],
      // Platform-set and profile fields are not settings: refused, not silently dropped.
      [{ feeBps: 0, displayName: 'Sneaky' }, undefined],
      [{ businessName: 'Other name' }, undefined],
    ];
    for (const [patch, field] of cases) {
      const res = await rest<RestError>(shop, 'POST', patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      if (field) expect(res.body.error.field).toBe(field);
      expect(res.body.error.docUrl).toContain('validation_failed');
    }
    const trpc = await shop.call('mutation', 'settings.update', { supportUrl: 'ftp://x' });
    expect(trpc.status).toBe(400);
    expect(trpc.body.error?.data.code).toBe('validation_failed');
    expect(await merchantRow(shop.merchantId)).toEqual(rowBefore);
  });

  it('audits a change with the API key as the actor, like the merchant area does', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const whoami = resultData<{ credentialId: string }>(
      await shop.call('query', 'merchant.whoami'),
    );
    await rest<Settings>(shop, 'POST', { displayName: 'Audited Shop' });
    const rows = await t()
      .database.db.select()
      .from(auditLog)
      .where(
        and(eq(auditLog.merchantId, shop.merchantId), eq(auditLog.action, 'merchant.updated')),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: whoami.credentialId,
      targetId: shop.merchantId,
      before: { displayName: null },
      after: { displayName: 'Audited Shop' },
    });
  });

  it('a display name set through the API is what the checkout shows', async () => {
    const shop = await paymentMerchant(t(), server.base);
    // Read once first, so the merchant is in the cache the change must invalidate.
    await rest<Settings>(shop, 'GET');
    await rest<Settings>(shop, 'POST', { displayName: 'Via The API', brandColor: '#112233' });
    const created = await shop.call('mutation', 'orders.create', orderInput());
    const { checkout } = resultData<{ checkout: { token: string } }>(created);
    const view = resultData<{ merchantName: string; brand: Record<string, unknown> }>(
      await new Browser(server.base).query('checkout.open', { token: checkout.token }),
    );
    expect(view.merchantName).toBe('Via The API');
    expect(view.brand).toMatchObject({ name: 'Via The API', color: '#112233' });
  });
});

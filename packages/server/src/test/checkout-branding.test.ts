import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantLogos, merchants, orders } from '../db/schema/index.js';
import { handleProviderNotification } from '../domains/checkout/handle-provider-notification.js';
import { createProviderRegistry } from '../domains/providers/registry.js';
import { createSandboxProvider, type SandboxProvider } from '../sandbox/create-sandbox-provider.js';
import { useTestEnv } from './harness.js';
import { Browser, createStaff, PASSWORD } from './identity.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  resultData,
  startPaymentServer,
  submitSandboxCard,
  type TestMerchant,
  waitUntil,
} from './payments.js';

/**
 * What the shopper sees of the merchant on the checkout (its display name, logo, colour, support
 * and legal links) and the receipt of a paid order.
 */
const t = useTestEnv(PAYMENT_TEST_ENV);
const SECRET = 'sandbox-provider-test-secret';
let sandbox: SandboxProvider;
let server: PaymentServer;

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

type View = {
  status: string;
  merchantName: string;
  brand: Record<string, string | null>;
  receipt: Record<string, string | null> | null;
};

async function newOrder(m: TestMerchant, amount = 1_500) {
  const created = await m.call('mutation', 'orders.create', orderInput({ amount }));
  return resultData<{ order: { id: string }; checkout: { token: string } }>(created);
}

async function ownerOf(m: TestMerchant): Promise<Browser> {
  const owner = await createStaff(t(), { role: 'owner', merchantId: m.merchantId });
  const browser = new Browser(server.base);
  const login = await browser.mutation('admin.logIn', { email: owner.email, password: PASSWORD });
  expect(login.status).toBe(200);
  return browser;
}

beforeAll(async () => {
  sandbox = createSandboxProvider({ secret: SECRET, logger: t().logger, lateDelayMs: 1_000 });
  await sandbox.listen(0, '127.0.0.1');
  server = await startPaymentServer(t(), {
    providers: createProviderRegistry({ sandbox: { baseUrl: () => sandbox.url, secret: SECRET } }),
    onNotification: handleProviderNotification,
  });
  server.services.config.apiUrl = server.base;
});

afterAll(async () => {
  await sandbox.close();
  await server.stop();
});

describe('merchant branding on the checkout', () => {
  it('the owner sets display name, colour, support and legal links; the checkout shows them', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const owner = await ownerOf(shop);
    const set = await owner.mutation('merchant.update', {
      merchantId: shop.merchantId,
      displayName: 'Rosa Bakery',
      brandColor: '#0A7D55',
      supportEmail: 'help@rosa.example',
      termsUrl: 'https://rosa.example/terms',
      privacyUrl: 'https://rosa.example/privacy',
      maxFailedAttempts: 3,
    });
    expect(set.status).toBe(200);
    const { checkout } = await newOrder(shop);
    const view = resultData<View>(
      await new Browser(server.base).query('checkout.open', { token: checkout.token }),
    );
    expect(view.merchantName).toBe('Rosa Bakery');
    expect(view.brand).toEqual({
      name: 'Rosa Bakery',
      logoUrl: null,
      color: '#0a7d55',
      supportEmail: 'help@rosa.example',
      supportUrl: null,
      termsUrl: 'https://rosa.example/terms',
      privacyUrl: 'https://rosa.example/privacy',
    });
    expect(view).toMatchObject({ attempts: { failed: 0, left: 3 } });
  });

  it('refuses a colour that is not #rrggbb and a javascript: link, and changes nothing', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const owner = await ownerOf(shop);
    for (const patch of [
      { brandColor: 'red; background:url(x)' },
      { termsUrl: 'javascript:alert(1)' },
      { maxFailedAttempts: 0 },
    ]) {
      const res = await owner.mutation('merchant.update', {
        merchantId: shop.merchantId,
        ...patch,
      });
      expect(res.status).toBe(400);
      expect(res.body.error?.data.code).toBe('validation_failed');
    }
    const [row] = await t()
      .database.db.select()
      .from(merchants)
      .where(eq(merchants.id, shop.merchantId));
    expect(row).toMatchObject({ brandColor: null, termsUrl: null, maxFailedAttempts: 5 });
  });

  it('uploads a PNG logo, served by the platform as image/png with nosniff', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const owner = await ownerOf(shop);
    const uploaded = await owner.mutation('merchant.uploadLogo', {
      merchantId: shop.merchantId,
      contentBase64: PNG.toString('base64'),
    });
    const { logoId } = resultData<{ logoId: string }>(uploaded);
    expect(logoId).toMatch(/^logo_/);
    const { checkout } = await newOrder(shop);
    const view = resultData<View>(
      await new Browser(server.base).query('checkout.open', { token: checkout.token }),
    );
    expect(view.brand.logoUrl).toBe(`/logos/${logoId}`);
    const res = await fetch(`${server.base}/logos/${logoId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

    // A second upload replaces the first: the old URL is gone.
    const again = await owner.mutation('merchant.uploadLogo', {
      merchantId: shop.merchantId,
      contentBase64: PNG.toString('base64'),
    });
    const second = resultData<{ logoId: string }>(again).logoId;
    expect(second).not.toBe(logoId);
    expect((await fetch(`${server.base}/logos/${logoId}`)).status).toBe(404);
    const stored = await t()
      .database.db.select({ id: merchantLogos.id })
      .from(merchantLogos)
      .where(eq(merchantLogos.merchantId, shop.merchantId));
    expect(stored.map((s) => s.id)).toEqual([second]);
  });

  it('refuses an SVG (or anything not PNG/JPEG/WebP) and an oversized file, and keeps the logo', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const owner = await ownerOf(shop);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    const big = Buffer.concat([PNG, Buffer.alloc(300 * 1024)]);
    for (const bytes of [svg, big]) {
      const res = await owner.mutation('merchant.uploadLogo', {
        merchantId: shop.merchantId,
        contentBase64: bytes.toString('base64'),
      });
      expect(res.status).toBe(400);
      expect(res.body.error?.data.code).toBe('validation_failed');
    }
    const [row] = await t()
      .database.db.select()
      .from(merchants)
      .where(eq(merchants.id, shop.merchantId));
    expect(row?.logoId).toBeNull();
    // Another merchant's staff cannot set this merchant's logo.
    const other = await ownerOf(await paymentMerchant(t(), server.base));
    const foreign = await other.mutation('merchant.uploadLogo', {
      merchantId: shop.merchantId,
      contentBase64: PNG.toString('base64'),
    });
    expect(foreign.body.error?.data.code).toBe('forbidden');
  });

  it('answers 404 for an unknown logo and for a path that is not a logo id', async () => {
    expect((await fetch(`${server.base}/logos/logo_1111111111111111111111`)).status).toBe(404);
    expect((await fetch(`${server.base}/logos/..%2Fetc`)).status).toBe(404);
  });
});

describe('the receipt', () => {
  it('a card payment shows brand, last four, reference and time', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { checkout } = await newOrder(shop, 2_200);
    const reference = (
      await t().database.db.select().from(orders).where(eq(orders.merchantId, shop.merchantId))
    )[0]?.reference;
    const guest = new Browser(server.base);
    const started = await guest.mutation('checkout.payWithProvider', {
      token: checkout.token,
      provider: 'sandbox',
    });
    const { redirectUrl } = resultData<{ redirectUrl: string }>(started);
    expect((await submitSandboxCard(redirectUrl, '4242424242424242')).status).toBe(303);
    const view = await waitUntil(
      async () => resultData<View>(await guest.query('checkout.open', { token: checkout.token })),
      (v) => v.status !== 'created',
    );
    expect(view.status).toBe('checkout_success');
    expect(view.receipt).toMatchObject({
      method: 'card',
      cardBrand: 'visa',
      cardLast4: '4242',
      reference,
      paidAt: expect.stringMatching(/^\d{4}-/),
    });
  });

  it('a wallet payment shows the wallet; an open order has no receipt', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const { checkout } = await newOrder(shop, 900);
    const shopper = await paymentShopper(t(), server, 1_000);
    const open = resultData<View>(
      await shopper.browser.query('checkout.open', { token: checkout.token }),
    );
    expect(open.receipt).toBeNull();
    const paid = resultData<View>(
      await shopper.browser.mutation('checkout.payWithWallet', { token: checkout.token }),
    );
    expect(paid.receipt).toMatchObject({ method: 'wallet', cardBrand: null, cardLast4: null });
  });
});

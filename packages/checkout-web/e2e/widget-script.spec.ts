/**
 * The widget loader without a bundler (issue #21): the checkout serves the SDK's script-tag
 * build at a versioned, immutable URL with its SRI hash published beside it (and in the SDK
 * README), and a plain HTML page on the merchant's site pays with it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../../../e2e/fixtures';
import { E2E_URLS } from '../../../e2e/ports';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { WIDGET_MANIFEST_PATH, WIDGET_SCRIPT_PATH } from '../lib/widget-script';
import { allowWidgetOrigin, buyAtStore, DEMO, expectStoreIpn } from './helpers';

test.describe.configure({ timeout: 120_000 });

const sri = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

test('the script is served immutable, cross-origin, and hashes to the published integrity', async ({
  request,
}) => {
  const manifestResponse = await request.get(WIDGET_MANIFEST_PATH);
  expect(manifestResponse.status()).toBe(200);
  const manifest = (await manifestResponse.json()) as { url: string; integrity: string };
  expect(manifest.url).toBe(WIDGET_SCRIPT_PATH);

  const script = await request.get(manifest.url, { headers: { origin: E2E_URLS.store } });
  expect(script.status()).toBe(200);
  const headers = script.headers();
  expect(headers['content-type']).toMatch(/^(application|text)\/javascript\b/);
  expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(headers['access-control-allow-origin']).toBe('*');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(sri(await script.body())).toBe(manifest.integrity);

  // The copy-paste snippet in the SDK README names the same file and the same hash.
  const readme = readFileSync(resolve(import.meta.dirname, '../../sdk/README.md'), 'utf8');
  const snippet = /<script src="[^"]*(\/js\/v1\/ducat-widget\.js)"\s+integrity="([^"]+)"/.exec(
    readme,
  );
  expect(snippet?.[1]).toBe(WIDGET_SCRIPT_PATH);
  expect(snippet?.[2], 'packages/sdk/README.md: update the snippet to this build').toBe(
    manifest.integrity,
  );
});

/** A merchant page with no build step: the script tag (with integrity) and ten lines of JS. */
function plainPage(integrity: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pay with a script tag</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Plain page checkout</h1><div id="pay"></div><p id="outcome"></p></main>
<script src="${E2E_URLS.checkout}${WIDGET_SCRIPT_PATH}" integrity="${integrity}" crossorigin="anonymous"></script>
<script>
  var outcome = document.getElementById('outcome');
  if (typeof Ducat === 'undefined') {
    outcome.textContent = 'no loader';
  } else {
    Ducat.mountCheckout(document.getElementById('pay'), {
      token: new URLSearchParams(location.search).get('token'),
      checkoutUrl: ${JSON.stringify(E2E_URLS.checkout)},
      onSuccess: function (r) { location.assign(r.redirectUrl || '/orders'); },
      onCancel: function () { outcome.textContent = 'cancelled'; },
      onError: function (e) { outcome.textContent = e.message; },
    });
  }
</script></body></html>`;
}

/**
 * A merchant's own web server with one plain page, on loopback (a page the test runner fakes
 * with page.route has no address, and Chromium then refuses it scripts from loopback), allowed
 * to frame the merchant's widget like any merchant site.
 */
async function merchantSite(html: string): Promise<{ origin: string; close: () => void }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const origin = `http://127.0.0.1:${address.port}`;
  await allowWidgetOrigin(origin);
  return { origin, close: () => server.close() };
}

/** A fresh widget order's token, made by the example store's server (as a merchant does). */
async function widgetToken(page: Page, product: string): Promise<string> {
  await buyAtStore(page, { mode: 'widget', product });
  const src = await page.locator('iframe[title="Ducat checkout"]').getAttribute('src');
  const token = /\/embed\/([^/?#]+)/.exec(new URL(src ?? '').pathname)?.[1];
  if (!token) throw new Error('no token in the widget iframe');
  return decodeURIComponent(token);
}

test('a plain HTML page with the script tag and integrity pays in the widget', async ({
  page,
  request,
}, testInfo) => {
  const { integrity } = (await (await request.get(WIDGET_MANIFEST_PATH)).json()) as {
    integrity: string;
  };
  const token = await widgetToken(page, 'Ducat mug');
  const site = await merchantSite(plainPage(integrity));
  const loaded = page.waitForResponse((r) => r.url().endsWith(WIDGET_SCRIPT_PATH));
  await page.goto(`${site.origin}/?token=${encodeURIComponent(token)}`);
  expect((await loaded).status()).toBe(200);
  expect(await page.evaluate(() => typeof (window as { Ducat?: unknown }).Ducat)).toBe('object');

  const frame = page.frameLocator('iframe[title="Ducat checkout"]');
  await expect(frame.getByTestId('order-amount')).toHaveText('€12.50');
  const orderText = await frame.getByText(/^Order ord_/).textContent();
  const orderId = orderText?.replace(/^Order /, '').trim() ?? '';
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id),
  ).toEqual([]);
  await page.screenshot({ path: 'test-results/screenshots/checkout/widget-script/plain-page.png' });

  await frame.getByLabel('Email').fill(DEMO.bob.email);
  await frame.getByLabel('Password').fill(DEMO.bob.password);
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await expect(frame.getByTestId('wallet-available')).toBeVisible();
  await frame.getByRole('button', { name: 'Pay €12.50' }).click();
  await page.waitForURL(`${E2E_URLS.store}/checkout/return?**`, { timeout: 30_000 });
  await expect(page.locator('strong', { hasText: 'checkout_success' })).toBeVisible();
  expect((await expectStoreIpn(orderId, 'checkout_success')).returnVerified).toBe(true);
  await saveFinalScreenshot(page, testInfo);
  site.close();
});

test('with an integrity that does not match, the browser refuses the script', async ({ page }) => {
  const wrong = sri(Buffer.from('not the loader'));
  const site = await merchantSite(plainPage(wrong));
  const refused = page.waitForEvent('console', (m) => /integrity/i.test(m.text()));
  await page.goto(`${site.origin}/?token=x`);
  await refused;
  await expect(page.locator('#outcome')).toHaveText('no loader');
  await expect(page.locator('iframe')).toHaveCount(0);
  site.close();
});

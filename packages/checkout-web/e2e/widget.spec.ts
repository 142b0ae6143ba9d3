import { expect, test } from '@playwright/test';
import { E2E_URLS } from '../../../e2e/ports';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import {
  buyAtStore,
  CARDS,
  DEMO,
  expectStoreIpn,
  storeState,
  typeSandboxCard,
  walletAvailable,
} from './helpers';

test.describe.configure({ timeout: 120_000 });

test('the same purchase in the embedded widget: sign in and pay inside the iframe, back to the store', async ({
  page,
}, testInfo) => {
  const embedResponse = page.waitForResponse((r) => r.url().includes('/embed/'));
  await buyAtStore(page, { mode: 'widget' });
  const embed = await embedResponse;
  // Framed only by the merchant's own site.
  expect(embed.headers()['content-security-policy']).toContain(`frame-ancestors ${E2E_URLS.store}`);
  const frame = page.frameLocator('iframe[title="Ducat checkout"]');
  await expect(frame.getByTestId('order-amount')).toHaveText('€12.50');
  // ducat:ready then ducat:resize: the loader sized the iframe to the page's content.
  const iframe = page.locator('iframe[title="Ducat checkout"]');
  await expect
    .poll(async () =>
      iframe.evaluate((el) => Number.parseInt((el as HTMLElement).style.height, 10)),
    )
    .toBeGreaterThan(480);
  const orderText = await frame.getByText(/^Order ord_/).textContent();
  const orderId = orderText?.replace(/^Order /, '').trim() ?? '';

  await frame.getByLabel('Email').fill(DEMO.bob.email);
  await frame.getByLabel('Password').fill(DEMO.bob.password);
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await expect(frame.getByTestId('wallet-available')).toBeVisible();
  // Signed in inside the frame: the session cookie is the embedded kind (SameSite=None,
  // partitioned), the only kind a browser keeps in a frame on another site.
  const cookies = await page.context().cookies(E2E_URLS.checkout);
  expect(cookies.find((c) => c.name === 'ducat_session')?.sameSite).toBe('None');
  await frame.getByRole('button', { name: 'Pay €12.50' }).click();

  // The widget reports success to the store's page, which follows the signed redirect.
  await page.waitForURL(`${E2E_URLS.store}/checkout/return?**`, { timeout: 30_000 });
  await expect(page.locator('strong', { hasText: 'checkout_success' })).toBeVisible();
  const shop = await expectStoreIpn(orderId, 'checkout_success');
  expect(shop.returnVerified).toBe(true);
  expect((await storeState()).events.some((e) => e.orderId === orderId)).toBe(true);
  const checkout = await page.context().newPage();
  await checkout.goto(E2E_URLS.checkout);
  expect(await walletAvailable(checkout)).toBe(20_000 - 1_250);
  await checkout.close();
  await saveFinalScreenshot(page, testInfo);
});

test('the embed page refuses to be framed by a site the merchant did not allow', async ({
  page,
}, testInfo) => {
  // The store's buy form creates the order; its token is read from the widget page.
  await buyAtStore(page, { mode: 'widget', product: 'Sticker pack' });
  const src = await page.locator('iframe[title="Ducat checkout"]').getAttribute('src');
  const url = new URL(src ?? '');
  url.hash = new URLSearchParams({
    parentOrigin: 'https://evil.example',
    channel: 'abcdefabcdefabcdef',
    mode: 'iframe',
  }).toString();
  // Opened directly (no parent), with a foreign parent origin: nothing is posted, it says why.
  await page.goto(url.toString());
  await expect(page.getByRole('alert').filter({ hasText: 'not allowed to embed' })).toBeVisible();
  await saveFinalScreenshot(page, testInfo);
});

test('a guest pays by card from the widget: the provider opens in its own window, the store page follows', async ({
  page,
}, testInfo) => {
  await buyAtStore(page, { mode: 'widget', product: 'Sticker pack' });
  const frame = page.frameLocator('iframe[title="Ducat checkout"]');
  await expect(frame.getByTestId('order-amount')).toHaveText('€5.00');
  const orderText = await frame.getByText(/^Order ord_/).textContent();
  const orderId = orderText?.replace(/^Order /, '').trim() ?? '';
  const opened = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Pay by card' }).click();
  const provider = await opened;
  await typeSandboxCard(provider, CARDS.success);
  // The provider's window shows the outcome and closes itself; the widget tells the store page.
  await provider.waitForEvent('close', { timeout: 30_000 });
  await page.waitForURL(`${E2E_URLS.store}/checkout/return?**`, { timeout: 30_000 });
  await expect(page.locator('strong', { hasText: 'checkout_success' })).toBeVisible();
  await expectStoreIpn(orderId, 'checkout_success');
  await saveFinalScreenshot(page, testInfo);
});

test('a bad link in the widget tells the merchant page why (ducat:error), instead of a blocked frame', async ({
  page,
}, testInfo) => {
  await page.goto(E2E_URLS.store);
  // What the widget loader does, with a damaged token: frame the embed page with a channel and
  // this page's origin, and listen.
  const message = await page.evaluate(
    ({ checkout, store }) =>
      new Promise<unknown>((resolve) => {
        const channel = 'badlinkchannel01';
        window.addEventListener('message', (event) => {
          if (event.origin === checkout && event.data?.channel === channel) resolve(event.data);
        });
        const frame = document.createElement('iframe');
        frame.title = 'Ducat checkout';
        frame.src = `${checkout}/embed/not-a-real-token-0123456789#${new URLSearchParams({
          parentOrigin: store,
          channel,
          mode: 'iframe',
        })}`;
        document.body.append(frame);
      }),
    { checkout: E2E_URLS.checkout, store: E2E_URLS.store },
  );
  expect(message).toMatchObject({ type: 'ducat:error', code: 'error_signature' });
  await expect(
    page.frameLocator('iframe[title="Ducat checkout"]').getByTestId('checkout-error'),
  ).toHaveAttribute('data-code', 'error_signature');
  await saveFinalScreenshot(page, testInfo);
});

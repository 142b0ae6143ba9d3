import type { Page } from '@playwright/test';
import { auditFinalState } from '../../../e2e/audit';
import { expect, test } from '../../../e2e/fixtures';
import { E2E_URLS } from '../../../e2e/ports';
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
  expect(cookies.find((c) => c.name === '__Host-ducat_session')?.sameSite).toBe('None');
  // What bob holds now (other tests may have paid from his wallet before this one).
  const shown = (await frame.getByTestId('wallet-available').textContent()) ?? '';
  const before = Math.round(
    Number((/€([\d,]+\.\d{2})/.exec(shown)?.[1] ?? '').replace(/,/g, '')) * 100,
  );
  expect(before).toBeGreaterThanOrEqual(1_250);
  await frame.getByRole('button', { name: 'Pay €12.50' }).click();

  // The widget reports success to the store's page, which follows the signed redirect.
  await page.waitForURL(`${E2E_URLS.store}/checkout/return?**`, { timeout: 30_000 });
  await expect(page.locator('strong', { hasText: 'checkout_success' })).toBeVisible();
  const shop = await expectStoreIpn(orderId, 'checkout_success');
  expect(shop.returnVerified).toBe(true);
  expect((await storeState()).events.some((e) => e.orderId === orderId)).toBe(true);
  const checkout = await page.context().newPage();
  await checkout.goto(E2E_URLS.checkout);
  expect(await walletAvailable(checkout)).toBe(before - 1_250);
  await checkout.close();
  await auditFinalState(page, testInfo);
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
  await auditFinalState(page, testInfo);
});

test('a guest pays by card from the widget: the provider opens in its own window, the store page follows', async ({
  page,
}, testInfo) => {
  await buyAtStore(page, { mode: 'widget', product: 'Sticker pack' });
  const frame = page.frameLocator('iframe[title="Ducat checkout"]');
  await expect(frame.getByTestId('order-amount')).toHaveText('€5.00');
  const orderText = await frame.getByText(/^Order ord_/).textContent();
  const orderId = orderText?.replace(/^Order /, '').trim() ?? '';
  // On a loaded machine the tab and button can be there before the frame has hydrated, and a
  // click then does nothing: click again until the provider's window opens (a second click while
  // a payment starts is ignored by the page).
  let provider: Page | undefined;
  await expect(async () => {
    const opened = page.waitForEvent('popup', { timeout: 5_000 });
    // A try whose click fails leaves this wait behind; its later timeout must not fail the test
    // (it is still awaited, and so still fails the try, when the clicks went through).
    opened.catch(() => undefined);
    await frame.getByRole('tab', { name: 'Card' }).click({ timeout: 5_000 });
    await frame.getByRole('button', { name: 'Pay by card' }).click({ timeout: 5_000 });
    provider = await opened;
  }).toPass({ timeout: 60_000 });
  if (!provider) throw new Error('the provider window did not open');
  await typeSandboxCard(provider, CARDS.success);
  // The provider's window shows the outcome and closes itself; the widget tells the store page.
  await provider.waitForEvent('close', { timeout: 30_000 });
  await page.waitForURL(`${E2E_URLS.store}/checkout/return?**`, { timeout: 30_000 });
  await expect(page.locator('strong', { hasText: 'checkout_success' })).toBeVisible();
  await expectStoreIpn(orderId, 'checkout_success');
  await auditFinalState(page, testInfo);
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
  await auditFinalState(page, testInfo);
});

test('a merchant page whose origin is not allowed: the loader reports origin_not_allowed through onError', async ({
  page,
}, testInfo) => {
  // The store's own widget page (a fresh order), served from an origin the merchant never
  // allowed: the checkout's frame-ancestors blocks the frame, and no message can come back.
  const bought = await fetch(`${E2E_URLS.store}/buy`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ productId: 'stickers', mode: 'widget' }),
  });
  const html = await bought.text();
  const foreign = 'http://shop.invalid';
  await page.route(`${foreign}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/assets/ducat-widget.js') {
      const script = await fetch(`${E2E_URLS.store}${path}`);
      await route.fulfill({
        status: 200,
        contentType: 'text/javascript',
        body: await script.text(),
      });
      return;
    }
    await route.fulfill({ status: 200, contentType: 'text/html', body: html });
  });
  await page.goto(`${foreign}/pay`);
  await expect(page.locator('#outcome')).toContainText(
    `The checkout refused to load on ${foreign}`,
    { timeout: 20_000 },
  );
  await expect(page.locator('#outcome')).toContainText('allowed origins');
  await auditFinalState(page, testInfo);
});

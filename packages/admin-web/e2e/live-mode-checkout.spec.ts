import { Ducat } from '@ducat/sdk';
import { expect, test } from '../../../e2e/fixtures';
import { E2E_URLS } from '../../../e2e/ports';
import { ApiSession, DEMO, demoKeys, unique } from './support';

/**
 * A merchant goes live while the platform has only the sandbox (test money): its live checkout
 * offers the wallet only, and a card payment through the sandbox is refused. The owner issues a
 * live API key in the merchant area; the order is made with the published SDK.
 */
test('a live order with no live provider offers only the wallet', async ({ page }, testInfo) => {
  const { merchantId } = demoKeys();
  const owner = await ApiSession.staff(DEMO.owner.email, DEMO.owner.password);
  const issued = await owner.ok<{ secret: string }>('mutation', 'merchant.credentials.issue', {
    merchantId,
    kind: 'api_key',
    mode: 'live',
  });
  await owner.dispose();
  const ducat = new Ducat({ merchantId, merchantKey: issued.secret, baseUrl: E2E_URLS.api });
  const { order, checkout } = await ducat.orders.create({
    reference: `e2e-live-${unique()}`,
    amount: 1_800,
    currency: 'EUR',
    description: 'Live order',
    returnUrl: `${E2E_URLS.store}/checkout/return`,
    cancelUrl: `${E2E_URLS.store}/`,
  });
  expect(order.mode).toBe('live');

  // The sandbox cannot take it, whatever the client asks.
  const guest = await ApiSession.anonymous();
  const refused = await guest.call('mutation', 'checkout.payWithProvider', {
    token: checkout.token,
    provider: 'sandbox',
  });
  expect(refused.status).toBe(422);
  expect(refused.body.error?.data?.code).toBe('provider_mode_mismatch');
  await guest.dispose();

  for (const width of [390, 1280]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      await page.goto(checkout.url);
      // The payment methods are tabs: the wallet's only, no card tab or button.
      await expect(page.getByRole('tab', { name: 'Ducat wallet' })).toBeVisible();
      await expect(page.getByRole('tab', { name: 'Card' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Pay by card' })).toHaveCount(0);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: `test-results/screenshots/${testInfo.project.name}/live-order-wallet-only-${width}-${colorScheme}.png`,
        fullPage: true,
      });
    }
  }
});

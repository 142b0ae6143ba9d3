import { expect, test } from '@playwright/test';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { DEMO, signIn, unique } from './support';

test('the owner adds a webhook endpoint with its own event types, sees its secret once, and disables it', async ({
  page,
}, testInfo) => {
  await signIn(page, DEMO.owner.email, DEMO.owner.password);
  await page
    .getByRole('navigation', { name: /navigation$/ })
    .getByRole('link', { name: 'Webhooks' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Webhook endpoints' });
  // The demo store's IPN URL is the primary endpoint.
  await expect(table.getByText('Primary (the IPN URL of Settings)')).toBeVisible();

  const url = `https://staging-${unique()}.shop.example/ipn`;
  const form = page.getByRole('form', { name: 'Add an endpoint' });
  await form.getByLabel('URL').fill('not a url');
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByRole('alert')).toContainText('Enter the endpoint URL');
  await form.getByLabel('URL').fill(url);
  await form.getByLabel('Description').fill('staging');
  await form.getByLabel('order.checkout_success').check();
  await form.getByLabel('refund.succeeded').check();
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByTestId('secret-value')).toHaveText(/^dwhsec_test_/);
  const row = table.getByRole('row').filter({ hasText: url });
  await expect(row).toContainText('order.checkout_success, refund.succeeded');
  await expect(row).toContainText('Enabled');

  for (const width of [390, 1280]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({
        path: `test-results/screenshots/admin/merchant-webhooks-${width}-${colorScheme}.png`,
        fullPage: true,
      });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  await expect(page.locator('[role="alert"][data-code]')).toHaveCount(0);
  await saveFinalScreenshot(page, testInfo);
});

import { expect, test } from '@playwright/test';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { createOrder, DEMO, demoKeys, signIn } from './support';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

test("the owner brands the checkout (colour, support email, logo) and the shopper's page shows it", async ({
  page,
  browser,
}, testInfo) => {
  await signIn(page, DEMO.owner.email, DEMO.owner.password);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const form = page.getByRole('form', { name: 'Checkout branding' });
  // Refused before any request: not a #rrggbb colour.
  await form.getByLabel(/^Brand colour/).fill('green');
  await form.getByRole('button', { name: 'Save checkout settings' }).click();
  await expect(form.getByRole('alert')).toContainText('A colour such as #1f4fd1.');
  // The display name stays the business name here: other browser tests read "Demo Store".
  await form.getByLabel(/^Brand colour/).fill('#0a7d55');
  await form.getByLabel('Support email').fill('help@demo-store.example');
  await form.getByRole('button', { name: 'Save checkout settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await form.getByLabel(/^Logo/).setInputFiles({
    name: 'logo.png',
    mimeType: 'image/png',
    buffer: PNG,
  });
  await expect(form.getByRole('img', { name: 'Current logo' })).toBeVisible();

  const { url } = await createOrder(demoKeys(), 900);
  const shopper = await browser.newPage();
  await shopper.goto(url);
  const logo = shopper.locator('header img');
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
  await expect(shopper.getByRole('link', { name: 'help@demo-store.example' })).toHaveAttribute(
    'href',
    'mailto:help@demo-store.example',
  );
  await saveFinalScreenshot(shopper, testInfo);
  await shopper.close();
});

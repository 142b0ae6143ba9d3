import type { Page } from '@playwright/test';
import { expect, test } from '../../../e2e/fixtures';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { createOrder, DEMO, demoKeys, signIn } from './support';

/** Visits every page of the navigation: each renders its heading and no API error. */
async function visitEveryPage(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: /navigation$/ });
  const labels = await nav.getByRole('link').allTextContents();
  for (const label of labels) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await expect(nav.getByRole('link', { name: label, exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.locator('[role="alert"][data-code]')).toHaveCount(0);
  }
  return labels;
}

test('every platform page answers for the admin, without an error', async ({ page }, testInfo) => {
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await expect(page).toHaveURL(/\/admin\/dashboard$/);
  const labels = await visitEveryPage(page);
  expect(labels).toEqual(
    expect.arrayContaining(['Dashboard', 'Merchants', 'Orders', 'Ledger', 'Audit log', 'Staff']),
  );
  // An order's page, found through the order search.
  const { orderId } = await createOrder(demoKeys(), 777);
  await page.goto(`/admin/orders?orderId=${orderId}`);
  await page.getByRole('link', { name: orderId }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(orderId);
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(page.getByText('order.created')).toBeVisible();
  await expect(page.locator('[role="alert"][data-code]')).toHaveCount(0);

  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await page.getByLabel('Mode').selectOption('test');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await saveFinalScreenshot(page, testInfo);
});

test('every merchant page answers for the owner, without an error', async ({ page }, testInfo) => {
  await signIn(page, DEMO.owner.email, DEMO.owner.password);
  await expect(page).toHaveURL(/\/merchant$/);
  const labels = await visitEveryPage(page);
  expect(labels).toEqual(
    expect.arrayContaining(['Orders', 'Balance and payouts', 'Reports', 'Keys and secrets']),
  );
  // Platform pages are not for merchant staff: the layout sends them back to their area.
  await page.goto('/admin/merchants');
  await expect(page).toHaveURL(/\/merchant$/);
  await saveFinalScreenshot(page, testInfo);
});

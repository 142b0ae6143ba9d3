import type { Page } from '@playwright/test';
import { expect, test } from '../../../e2e/fixtures';
import { createOrder, DEMO, demoKeys, signIn } from './support';

/** The page scrolls only downwards: nothing (a table, a chart, a long id) widens the page itself. */
async function expectNoSidewaysScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide`).toBeLessThanOrEqual(width);
}

async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 30_000 });
}

test.describe('at phone width (390px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the sidebar is a menu, and every platform page fits the width', async ({ page }) => {
    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await settled(page);
    // No squeezed sidebar: the navigation is not on the page until the menu opens.
    await expect(page.getByRole('navigation', { name: /navigation$/ })).toHaveCount(0);
    const main = await page.locator('main').boundingBox();
    expect(main?.x).toBe(0);
    expect(main?.width).toBe(390);
    await expectNoSidewaysScroll(page, 390);

    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    const sheet = page.getByRole('dialog');
    await expect(sheet).toBeVisible();
    const labels = await sheet.getByRole('link').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['Dashboard', 'Orders', 'Settings']));
    // Escape closes it and gives focus back to the menu button; so does its close button.
    await page.keyboard.press('Escape');
    await expect(sheet).toHaveCount(0);
    await expect(menu).toBeFocused();
    await menu.click();
    await page.getByRole('button', { name: 'Close menu' }).click();
    await expect(sheet).toHaveCount(0);

    for (const label of labels) {
      await menu.click();
      await page.getByRole('dialog').getByRole('link', { name: label, exact: true }).click();
      // Choosing a page closes the menu.
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await settled(page);
      await expectNoSidewaysScroll(page, 390);
      await menu.click();
      await expect(
        page.getByRole('dialog').getByRole('link', { name: label, exact: true }),
      ).toHaveAttribute('aria-current', 'page');
      await page.keyboard.press('Escape');
    }
  });

  test('the merchant area fits too, the mode switch on a line of its own', async ({ page }) => {
    await signIn(page, DEMO.owner.email, DEMO.owner.password);
    await settled(page);
    await expect(page.getByRole('group', { name: 'Data mode' })).toBeVisible();
    await expectNoSidewaysScroll(page, 390);
    const { orderId } = await createOrder(demoKeys(), 1234);
    await page.goto(`/merchant/orders/${orderId}`);
    await settled(page);
    await expectNoSidewaysScroll(page, 390);
  });
});

test.describe('at desktop width (1280px)', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the navigation is a sidebar and there is no menu button', async ({ page }) => {
    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await settled(page);
    await expect(page.getByRole('navigation', { name: /navigation$/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
  });
});

test('dark mode follows the system setting across the portal', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await settled(page);
  const colours = () =>
    page.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
      header: getComputedStyle(document.querySelector('header') ?? document.body).backgroundColor,
    }));
  // The ui tokens' dark values (packages/ui/src/styles.css).
  expect(await colours()).toEqual({
    body: 'rgb(13, 17, 23)',
    text: 'rgb(230, 233, 238)',
    header: 'rgb(22, 27, 34)',
  });
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await colours()).toEqual({
    body: 'rgb(246, 247, 249)',
    text: 'rgb(23, 32, 42)',
    header: 'rgb(255, 255, 255)',
  });
});

/** Representative pages at both widths and in both schemes, kept as artefacts to look at. */
test('screenshots of the dashboard, orders, an order and settings', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  const { orderId } = await createOrder(demoKeys(), 4321);
  const pages = {
    dashboard: '/admin/dashboard',
    orders: '/admin/orders',
    order: `/admin/orders/${orderId}`,
    settings: '/admin/settings',
  };
  for (const [name, path] of Object.entries(pages)) {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(path);
        await settled(page);
        await page.screenshot({
          path: `test-results/screenshots/admin/layout/${name}-${width}-${scheme}.png`,
          fullPage: true,
        });
        if (width === 390 && name === 'dashboard') {
          await page.getByRole('button', { name: 'Menu' }).click();
          await expect(page.getByRole('dialog')).toBeVisible();
          await page.screenshot({
            path: `test-results/screenshots/admin/layout/menu-${width}-${scheme}.png`,
          });
          await page.keyboard.press('Escape');
        }
      }
    }
  }
});

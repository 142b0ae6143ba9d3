import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../../../e2e/fixtures';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { createOrder, DEMO, demoKeys, signIn } from './support';

async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    what,
  ).toEqual([]);
}

/** Light and dark: axe finds nothing serious, and a screenshot is kept to be looked at. */
async function checkBothSchemes(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${name} ${width} ${colorScheme}`);
    await page.screenshot({
      path: `test-results/screenshots/admin/${name}-${width}-${colorScheme}.png`,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

for (const width of [390, 1280]) {
  test.describe(`at ${width}px`, () => {
    test.use({ viewport: { width, height: 844 } });

    test('an admin finds a new order with Ctrl-K and opens it with the keyboard', async ({
      page,
    }, testInfo) => {
      const { orderId } = await createOrder(demoKeys(), 4321);
      await signIn(page, DEMO.admin.email, DEMO.admin.password);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.keyboard.press('Control+k');
      const dialog = page.getByRole('dialog', { name: 'Search' });
      await expect(dialog).toBeVisible();
      await checkBothSchemes(page, 'search-empty');
      await dialog.getByRole('combobox', { name: 'Search' }).fill(orderId);
      const option = dialog.getByRole('option').filter({ hasText: orderId });
      await expect(option).toBeVisible({ timeout: 10_000 });
      await expect(dialog.getByRole('group', { name: 'Orders' })).toBeVisible();
      await checkBothSchemes(page, 'search-results');
      // The first result is selected; Enter opens it.
      await expect(option).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`/admin/orders/${orderId}$`));
      await expect(dialog).toHaveCount(0);

      // Words find orders and merchants, grouped; arrows move between the results.
      await page.getByTestId('global-search').click();
      await dialog.getByRole('combobox', { name: 'Search' }).fill('demo');
      await expect(dialog.getByRole('group', { name: 'Merchants' })).toBeVisible({
        timeout: 10_000,
      });
      const options = dialog.getByRole('option');
      const first = await options.first().getAttribute('data-value');
      await page.keyboard.press('ArrowDown');
      if ((await options.count()) > 1) {
        await expect(options.first()).toHaveAttribute('aria-selected', 'false');
        expect(await dialog.locator('[aria-selected="true"]').getAttribute('data-value')).not.toBe(
          first,
        );
      }
      await checkBothSchemes(page, 'search-groups');
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await saveFinalScreenshot(page, testInfo);
    });

    test('the merchant owner searches its own orders', async ({ page }) => {
      const { orderId } = await createOrder(demoKeys(), 1111);
      await signIn(page, DEMO.owner.email, DEMO.owner.password);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.getByTestId('global-search').click();
      const dialog = page.getByRole('dialog', { name: 'Search' });
      await dialog.getByRole('combobox', { name: 'Search' }).fill(orderId);
      const option = dialog.getByRole('option').filter({ hasText: orderId });
      await expect(option).toBeVisible({ timeout: 10_000 });
      await checkBothSchemes(page, 'merchant-search');
      await option.click();
      await expect(page).toHaveURL(new RegExp(`/merchant/orders/${orderId}$`));
    });

    test('the jobs page shows the search index lag', async ({ page }) => {
      await signIn(page, DEMO.admin.email, DEMO.admin.password);
      await page.goto('/admin/jobs');
      const card = page.getByTestId('search-lag');
      await expect(card.getByText('Search index lag')).toBeVisible();
      await expect(card.getByText('p99')).toBeVisible();
      await expect(card.getByText('…')).toHaveCount(0);
      await checkBothSchemes(page, 'jobs-search-lag');
    });
  });
}

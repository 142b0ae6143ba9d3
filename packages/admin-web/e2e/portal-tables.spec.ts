import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../../../e2e/fixtures';
import { createOrder, DEMO, demoKeys, signIn } from './support';

/**
 * The portal's lists as people use them: every list page of each role at a phone's (390×844) and
 * a laptop's (1280×800) size, light and dark, with axe finding nothing serious or critical and a
 * screenshot of each kept under test-results/screenshots/portal-tables/; and the orders table's
 * behaviour (names, short copyable ids, row links by keyboard, sort, page size, filter chips,
 * times in the viewer's zone with UTC on hover).
 */
test.describe.configure({ timeout: 240_000 });

const ADMIN_LISTS = [
  '/admin/orders',
  '/admin/merchants',
  '/admin/shoppers',
  '/admin/exceptions',
  '/admin/ledger',
  '/admin/reconciliation',
  '/admin/jobs',
  '/admin/audit',
];
const MERCHANT_LISTS = [
  '/merchant/orders',
  '/merchant/balance',
  '/merchant/keys',
  '/merchant/webhooks',
  '/merchant/ipn',
];

async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 30_000 });
}

async function checkEveryScheme(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = results.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `${name} at ${width}px (${colorScheme})`,
    ).toEqual([]);
    // No page scrolls sideways as a whole: a wide table scrolls inside its own box.
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, `${name} at ${width}px is ${scrollWidth}px wide`).toBeLessThanOrEqual(
      width,
    );
    await page.screenshot({
      path: `test-results/screenshots/portal-tables/${width}-${name}-${colorScheme}.png`,
      fullPage: true,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function visitLists(page: Page, paths: string[]): Promise<void> {
  for (const path of paths) {
    await page.goto(path);
    await settled(page);
    await checkEveryScheme(page, path.slice(1).replaceAll('/', '-'));
  }
}

for (const viewport of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test.describe(`at ${viewport.width}px`, () => {
    test.use({ viewport });

    test('every admin list reads well, light and dark, with no serious axe finding', async ({
      page,
    }) => {
      await createOrder(demoKeys(), 4_321);
      await signIn(page, DEMO.admin.email, DEMO.admin.password);
      await settled(page);
      await visitLists(page, ADMIN_LISTS);
    });

    test('every merchant list reads well, light and dark, with no serious axe finding', async ({
      page,
    }) => {
      await signIn(page, DEMO.owner.email, DEMO.owner.password);
      await settled(page);
      await visitLists(page, MERCHANT_LISTS);
    });
  });
}

test.describe('the orders table', () => {
  test.use({
    viewport: { width: 1280, height: 800 },
    // Far from UTC, so the viewer's time and the UTC time differ.
    timezoneId: 'Asia/Tokyo',
    locale: 'en-GB',
    permissions: ['clipboard-read', 'clipboard-write'],
  });

  test('names instead of ids, short copyable ids, row links by keyboard, sort, page size, chips, local times', async ({
    page,
  }) => {
    const { orderId } = await createOrder(demoKeys(), 2_468);
    // More than one page of ten, whatever else the stack holds.
    for (let i = 0; i < 10; i++) await createOrder(demoKeys(), 100 + i);
    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await page.goto('/admin/orders');
    await settled(page);
    const table = page.getByRole('table', { name: 'Orders' });
    await expect(page.getByText(/\d[\d,]* results?/)).toBeVisible();

    // The row: the merchant by name, the status in words, the id short and on one line.
    const row = table.getByRole('row').filter({ hasText: orderId });
    await expect(row).toContainText('Demo Store');
    await expect(row).toContainText('Awaiting payment');
    const idText = row.locator('[title^="ord_"]').first();
    await expect(idText).toHaveText(new RegExp(`^${orderId.slice(0, 8)}…${orderId.slice(-2)}`));
    const idBox = await idText.boundingBox();
    expect(idBox?.height ?? 99).toBeLessThan(30);

    // The copy button copies the whole id and says so.
    const copy = row.getByRole('button', { name: `Copy order id ${orderId}` });
    await copy.click();
    await expect(copy).toContainText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(orderId);

    // Times: in the viewer's zone (Tokyo, UTC+9), the UTC time on hover.
    const created = row.locator('time').first();
    const title = await created.getAttribute('title');
    expect(title).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    const iso = (await created.getAttribute('datetime')) ?? '';
    const tokyo = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Tokyo',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(new Date(iso));
    await expect(created).toContainText(tokyo);

    // Keyboard: Tab reaches the first row's link, ArrowDown the next row's, Enter opens it.
    const links = table.locator('[data-row-link]');
    await links.first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(links.nth(1)).toBeFocused();
    const second = await links.nth(1).getAttribute('href');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`${second}$`));
    await page.goBack();
    await settled(page);

    // Sorting on the server: the Amount header sorts, and says so.
    await table.getByRole('button', { name: /^Amount/ }).click();
    await expect(page).toHaveURL(/sort=amount\.desc/);
    await expect(table.getByRole('columnheader', { name: /Amount/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    await settled(page);

    // Page size: 10 rows a page.
    await page.getByLabel('Rows per page').selectOption('10');
    await expect(page).toHaveURL(/limit=10/);
    await settled(page);
    await expect(table.locator('tbody tr')).toHaveCount(10);

    // Filter chips: the active filters, each removable.
    await page.getByLabel('Status').selectOption('created');
    await page.getByLabel('From (UTC day)').fill('2020-01-01');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const chips = page.getByRole('list', { name: 'Active filters' });
    await expect(chips).toContainText('Status:');
    await expect(chips).toContainText('Awaiting payment');
    await expect(chips).toContainText('1 Jan 2020 (UTC)');
    await expect(
      page.getByText('Showing orders created from 2020-01-01T00:00:00.000Z'),
    ).toBeVisible();
    await chips.getByRole('button', { name: 'Remove filter Status: Awaiting payment' }).click();
    await expect(page).not.toHaveURL(/status=/);
    await expect(page).toHaveURL(/from=2020-01-01/);
    await expect(page.getByLabel('Status')).toHaveValue('');
  });

  test('on a phone each order is a card that links to it', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const { orderId } = await createOrder(demoKeys(), 1_357);
    await signIn(page, DEMO.owner.email, DEMO.owner.password);
    await page.goto('/merchant/orders');
    await settled(page);
    await expect(page.getByRole('table', { name: 'Orders' })).toBeHidden();
    const cards = page.getByRole('list', { name: 'Orders' });
    await expect(cards).toBeVisible();
    const card = cards.getByRole('listitem').filter({ hasText: orderId });
    await expect(card).toContainText('Awaiting payment');
    await card.getByRole('link', { name: orderId }).click();
    await expect(page).toHaveURL(new RegExp(`/merchant/orders/${orderId}$`));
  });
});

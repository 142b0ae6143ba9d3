import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../../../e2e/fixtures';
import {
  ApiSession,
  createOrder,
  createPlatformStaff,
  DEMO,
  demoKeys,
  PASSWORD,
  signIn,
  unique,
} from './support';

/**
 * Every page of both areas, for each role whose view differs (platform: admin and support;
 * merchant: owner and developer), at a phone's and a desktop's size, in light and dark: the page
 * renders without an API error, axe finds nothing serious or critical, and a full-page
 * screenshot is kept as test-results/screenshots/admin/pages/<role>-<page>-<width>-<scheme>.png.
 * One load per page and size; the colour scheme is switched in place (emulateMedia).
 */

const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

type Found = { page: string; problems: string[] };

function slug(path: string): string {
  return (
    path
      .replace(/^\/(admin|merchant)\/?/, '')
      .replace(/(ord|mch|usr)_[A-Za-z0-9]+/g, '$1')
      .replace(/[^\w]+/g, '-')
      .replace(/^-|-$/g, '') || 'overview'
  );
}

/** Loads a page, then checks and photographs it in both schemes; returns what axe found. */
async function sweep(page: Page, role: string, path: string): Promise<Found[]> {
  const found: Found[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }), path).toBeVisible();
    await expect(page.getByText(/^Loading/), path).toHaveCount(0, { timeout: 30_000 });
    await expect(page.locator('[role="alert"][data-code]'), path).toHaveCount(0);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const problems = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      found.push({ page: `${path} ${size.width} ${colorScheme}`, problems });
      await page.screenshot({
        path: `test-results/screenshots/admin/pages/${role}-${slug(path)}-${size.width}-${colorScheme}.png`,
        fullPage: true,
      });
    }
  }
  return found;
}

/** The navigation's pages for the signed-in role, read from the desktop sidebar. */
async function navPaths(page: Page): Promise<string[]> {
  await page.setViewportSize({ width: 1280, height: 800 });
  const nav = page.getByRole('navigation', { name: /navigation$/ });
  await expect(nav.getByRole('link').first()).toBeVisible();
  const hrefs = await nav
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.filter((h) => h.startsWith('/'));
}

async function sweepAll(page: Page, role: string, paths: string[]): Promise<void> {
  const all: Found[] = [];
  for (const path of paths) all.push(...(await sweep(page, role, path)));
  expect(all.filter((f) => f.problems.length > 0)).toEqual([]);
  // Every page and size was looked at in both schemes.
  expect(all).toHaveLength(paths.length * SIZES.length * 2);
}

/** A demo-merchant order with a shopper-less detail page (made with the SDK). */
async function anOrder(): Promise<string> {
  const { orderId } = await createOrder(demoKeys(), 1_234);
  return orderId;
}

test.describe.configure({ mode: 'parallel' });

for (const role of ['admin', 'support'] as const) {
  test(`every platform page as ${role}: 390 and 1280, light and dark, axe clean`, async ({
    page,
  }) => {
    test.setTimeout(900_000);
    const who =
      role === 'admin'
        ? { email: DEMO.admin.email, password: DEMO.admin.password }
        : await createPlatformStaff('support');
    await signIn(page, who.email, who.password);
    const orderId = await anOrder();
    const { merchantId } = demoKeys();
    await page.goto(`/admin/shoppers?email=${encodeURIComponent(DEMO.alice.email)}`);
    const shopperHref = await page
      .getByRole('link', { name: DEMO.alice.email })
      .first()
      .getAttribute('href');
    const paths = [
      ...(await navPaths(page)),
      `/admin/merchants/${merchantId}`,
      `/admin/orders/${orderId}`,
      ...(shopperHref ? [shopperHref] : []),
    ];
    await sweepAll(page, role, paths);
  });
}

for (const role of ['owner', 'developer'] as const) {
  test(`every merchant page as ${role}: 390 and 1280, light and dark, axe clean`, async ({
    page,
  }) => {
    test.setTimeout(900_000);
    let who: { email: string; password: string } = DEMO.owner;
    if (role === 'developer') {
      const owner = await ApiSession.staff(DEMO.owner.email, DEMO.owner.password);
      const email = `developer-${unique()}@e2e.ducat.local`;
      await owner.ok('mutation', 'merchant.staff.create', {
        merchantId: demoKeys().merchantId,
        email,
        password: PASSWORD,
        name: 'E2E developer',
        role: 'developer',
      });
      await owner.dispose();
      who = { email, password: PASSWORD };
    }
    await signIn(page, who.email, who.password);
    const orderId = await anOrder();
    const paths = [...(await navPaths(page)), `/merchant/orders/${orderId}`];
    await sweepAll(page, role, paths);
  });
}

import { expect, test } from '../../../e2e/fixtures';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { ApiSession, createPlatformStaff, DEMO, signIn } from './support';

test('an admin runs archive-orders now and sees its last run, duration and outcome', async ({
  page,
}, testInfo) => {
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await page
    .getByRole('navigation', { name: /navigation$/ })
    .getByRole('link', { name: 'Jobs' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Background jobs' })).toBeVisible();
  const row = page
    .getByRole('row')
    .filter({ has: page.getByText('archive-orders', { exact: true }) });
  await row.getByRole('button', { name: 'Run now' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Run archive-orders now?' });
  await dialog.getByRole('button', { name: 'Run now' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'archive-orders started' }),
  ).toBeVisible();
  await expect(row.getByText('succeeded')).toBeVisible({ timeout: 20_000 });
  await expect(row.getByText(/asked by stf_/)).toBeVisible();
  await expect(row.getByRole('cell').nth(3)).toHaveText(/\d+(\.\d)? (ms|s|min)/);

  // The request is in the audit log, by the admin.
  const admin = await ApiSession.staff(DEMO.admin.email, DEMO.admin.password);
  const audit = await admin.ok<{ items: { action: string; targetId: string | null }[] }>(
    'query',
    'admin.audit',
    { action: 'job.run' },
  );
  expect(audit.items.map((a) => a.targetId)).toContain('archive-orders');

  for (const width of [390, 1280]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({
        path: `test-results/screenshots/admin/jobs-${width}-${colorScheme}.png`,
        fullPage: true,
      });
    }
  }
  await saveFinalScreenshot(page, testInfo);
});

test('support sees the jobs but no Run now', async ({ page }) => {
  const support = await createPlatformStaff('support');
  await signIn(page, support.email, support.password);
  await page.goto('/admin/jobs');
  await expect(page.getByRole('heading', { level: 1, name: 'Background jobs' })).toBeVisible();
  await expect(
    page.getByText('archive-orders', { exact: true }).filter({ visible: true }).first(),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run now' })).toHaveCount(0);
});

import { expect, test } from '../../../e2e/fixtures';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { ApiSession, DEMO, demoKeys, signIn } from './support';

test('the rotation dialog says how long the old key keeps working and lets the owner choose', async ({
  page,
}, testInfo) => {
  const { merchantId } = demoKeys();
  await signIn(page, DEMO.owner.email, DEMO.owner.password);
  await page.goto('/merchant/keys');
  const row = page
    .getByRole('row')
    .filter({ hasText: 'Webhook secret' })
    .filter({ hasText: 'test' })
    .filter({ hasText: 'active' });
  await row.getByRole('button', { name: 'Rotate' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('keeps working for the time you choose');
  const grace = dialog.getByLabel('The old one keeps working for');
  await expect(grace).toHaveValue('86400');
  for (const width of [390, 1280]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({
        path: `test-results/screenshots/admin/rotate-dialog-${width}-${colorScheme}.png`,
      });
    }
  }
  // The test webhook secret: the old one keeps signing (with the new) for the hour chosen, so the
  // other browser tests' IPN checks are unaffected.
  await grace.selectOption({ label: '1 hour' });
  await dialog.getByRole('button', { name: 'Rotate' }).click();
  await expect(page.getByText('Rotated test Webhook secret')).toBeVisible();

  const owner = await ApiSession.staff(DEMO.owner.email, DEMO.owner.password);
  const list = await owner.ok<
    { kind: string; mode: string; state: string; expiresAt: string | null }[]
  >('query', 'merchant.credentials.list', { merchantId });
  const old = list.find(
    (c) => c.kind === 'webhook_secret' && c.mode === 'test' && c.state === 'grace',
  );
  const left = Date.parse(old?.expiresAt ?? '') - Date.now();
  expect(left).toBeGreaterThan(55 * 60_000);
  expect(left).toBeLessThan(61 * 60_000);
  await saveFinalScreenshot(page, testInfo);
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../../../e2e/fixtures';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { recordSecret } from '../../../e2e/secrets';
import { DEMO, signIn, unique } from './support';

test('an admin registers a generic http provider with its modes, then changes them', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await page.getByRole('link', { name: 'Providers', exact: true }).click();
  await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 30_000 });
  const register = page.getByRole('form', { name: 'Register a provider' });

  // The sandbox moves test money only: its live box cannot be ticked.
  await register.getByLabel('Adapter').selectOption('sandbox');
  await expect(register.getByRole('checkbox', { name: /Live mode/ })).toBeDisabled();
  await expect(register.getByRole('checkbox', { name: 'Test mode' })).toBeChecked();

  const name = `e2e-http-${unique()}`;
  await register.getByLabel('Adapter').selectOption('http');
  await expect(register.getByRole('checkbox', { name: /Live mode/ })).toBeEnabled();
  await register.getByLabel(/^Name/).fill(name);
  await register.getByLabel('Display name').fill('E2E Gateway');
  await register.getByLabel('Kind').selectOption('gateway');
  await register.getByRole('checkbox', { name: /Live mode/ }).check();
  const secret = `http-provider-${unique()}${unique()}`;
  recordSecret('provider secret', secret);
  await register.getByLabel(/^Secrets/).fill(`secret=${secret}`);
  // An http provider without its base URL could never be built: refused before the API.
  await register.getByRole('button', { name: 'Register' }).click();
  await expect(register.getByRole('alert')).toHaveText('An http provider needs its base URL.');
  await register.getByLabel(/^Base URL/).fill('http://127.0.0.1:9/ducat');
  await register.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Registered ${name}` })).toBeVisible();

  // Built by the server from the row: available, serving both modes, still disabled.
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row.getByRole('cell').nth(2)).toHaveText('http');
  await expect(row.getByRole('cell').nth(3)).toHaveText('test, live');
  await expect(row).toContainText('Disabled');
  await expect(page.getByText(secret)).toHaveCount(0);

  // Configure: live only. The form shows what the row holds.
  await row.getByRole('button', { name: 'Configure' }).click();
  const edit = page.getByRole('form', { name: `Configure ${name}` });
  await expect(edit.getByRole('checkbox', { name: 'Test mode' })).toBeChecked();
  await expect(edit.getByRole('checkbox', { name: /Live mode/ })).toBeChecked();
  await expect(edit.getByLabel(/^Base URL/)).toHaveValue('http://127.0.0.1:9/ducat');
  await edit.getByRole('checkbox', { name: 'Test mode' }).uncheck();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row.getByRole('cell').nth(3)).toHaveText('live');
  await row.getByRole('button', { name: 'Configure' }).click();
  await expect(edit.getByRole('checkbox', { name: 'Test mode' })).not.toBeChecked();
  await expect(edit.getByRole('checkbox', { name: /Live mode/ })).toBeChecked();

  // The page, as a user sees it: both widths, both schemes, axe clean.
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
      await page.screenshot({
        path: `test-results/screenshots/admin/providers/providers-${width}-${scheme}.png`,
        fullPage: true,
      });
    }
  }
  await saveFinalScreenshot(page, testInfo);
});

import { expect, test } from '../../../e2e/fixtures';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { recordSecret } from '../../../e2e/secrets';
import { DEMO, signIn, unique } from './support';

test('an admin changes the settings and registers a provider; both are in the audit log', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.admin.email, DEMO.admin.password);

  // Settings: a maintenance window far in the future (no test pays then) and a recipient.
  const recipient = `finance-${unique()}@e2e.ducat.local`;
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('form', { name: 'Platform settings' });
  await settings.getByLabel(/^Notification recipients/).fill(recipient);
  await settings.getByRole('button', { name: 'Add a window' }).click();
  await settings.getByLabel('Starts').last().fill('2099-01-01T02:00');
  await settings.getByLabel('Ends').last().fill('2099-01-01T04:00');
  await settings.getByLabel('Message to shoppers').last().fill('Planned database upgrade');
  // Only ISO 4217 codes can be enabled (empty: every ISO currency, as the other tests need).
  const currencies = settings.getByLabel(/^Enabled currencies/);
  await expect(currencies).toHaveValue('');
  await currencies.fill('eur JPY BTC');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('alert')).toHaveText('BTC is not an ISO 4217 currency.');
  await currencies.fill('');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Saved as version \d+/ })).toBeVisible();
  await page.reload();
  await expect(settings.getByLabel(/^Notification recipients/)).toHaveValue(recipient);
  await expect(settings.getByLabel('Message to shoppers').last()).toHaveValue(
    'Planned database upgrade',
  );

  // Providers: register one (its secret is write-only), enable it, then disable it (confirmed).
  const name = `e2e-bank-${unique()}`;
  await page.getByRole('link', { name: 'Providers', exact: true }).click();
  const register = page.getByRole('form', { name: 'Register a provider' });
  await register.getByLabel(/^Name/).fill(name);
  await register.getByLabel('Adapter').selectOption('sandbox');
  await register.getByLabel('Display name').fill('E2E Bank');
  await register.getByLabel('Kind').selectOption('bank');
  await register.getByLabel(/configuration \(JSON\)/).fill('{ "country": "DE" }');
  recordSecret('provider secret', 'super-secret-value');
  await register.getByLabel(/^Secrets/).fill('API_KEY=super-secret-value');
  await register.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Registered ${name}` })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Disabled');
  await expect(row).toContainText('API_KEY');
  await expect(page.getByText('super-secret-value')).toHaveCount(0);
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row).toContainText('Enabled');
  await row.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');

  // The audit log, filtered by action (the filter lives in the URL).
  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  await page.getByLabel('Action').fill('settings.updated');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=settings\.updated/);
  await expect(page.getByRole('row').filter({ hasText: 'settings.updated' }).first()).toBeVisible();
  await page.getByLabel('Action').fill('provider.disabled');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(
    page.getByRole('row').filter({ hasText: 'provider.disabled' }).first(),
  ).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'settings.updated' })).toHaveCount(0);
  await saveFinalScreenshot(page, testInfo);
});

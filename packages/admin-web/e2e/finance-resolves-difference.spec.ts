import { expect, test } from '../../../e2e/fixtures';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { createPlatformStaff, signIn, unique } from './support';

test('a finance user resolves a reconciliation difference with an adjustment', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const finance = await createPlatformStaff('finance');
  // The provider's report settles a payment Ducat never made: a mismatch the run must find.
  const reference = `pp_e2e${unique()}${unique()}`;
  const csv = [
    'provider_ref,reference,type,amount,currency,fee,settled_at',
    `sbx_e2e_${unique()},${reference},payment,1250,EUR,36,${new Date().toISOString()}`,
  ].join('\n');

  await signIn(page, finance.email, finance.password);
  await page.getByRole('link', { name: 'Reconciliation' }).click();
  const upload = page.getByRole('form', { name: 'Upload a settlement file' });
  await upload.getByLabel('Provider').fill('sandbox');
  await upload.getByLabel('…or paste the CSV').fill(csv);
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Imported 1 new of 1 lines' }),
  ).toBeVisible();

  // A platform-wide run over today (the form's default), with its progress shown until done.
  await page.getByRole('button', { name: 'Start run' }).click();
  const progress = page.getByRole('status').filter({ hasText: /^Run rcr_/ });
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('Completed', { timeout: 60_000 });

  await page.getByLabel('Category').selectOption('missing_order');
  const row = page.getByRole('row').filter({ hasText: reference });
  await expect(row).toBeVisible();
  await row.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('missing order');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Open');

  await page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(page.getByRole('button', { name: 'Unassign me' })).toBeVisible();
  await page
    .getByRole('textbox', { name: 'Comment', exact: true })
    .fill('Sandbox settled a payment we have no record of.');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.getByText('Sandbox settled a payment we have no record of.')).toBeVisible();

  const form = page.getByRole('form', { name: 'Resolve the difference' });
  await form.getByLabel(/^Account/).selectOption('provider_clearing');
  await form.getByLabel(/^Provider/).fill('sandbox');
  await form.getByLabel(/^Mode/).selectOption('test');
  await form.getByLabel(/^Direction/).selectOption('debit');
  await form.getByLabel(/^Amount/).fill('12.50');
  await form.getByLabel('Reason').fill('Book the unexplained settlement into suspense');
  await form.getByRole('button', { name: 'Review and resolve' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('€12.50');
  await dialog.getByRole('button', { name: 'Confirm resolution' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toContainText('Resolved');
  await expect(page.getByTestId('resolution')).toContainText('adjustment');
  await expect(page.getByTestId('resolution')).toContainText('trf_');
  await saveFinalScreenshot(page, testInfo);
});

import { expect, test } from '../../../e2e/fixtures';
import { E2E_URLS } from '../../../e2e/ports';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { DEMO, PASSWORD, signIn, unique } from './support';

test('an owner adds a developer, who signs in and sees only what a developer may do', async ({
  page,
  browser,
}, testInfo) => {
  const email = `dev-${unique()}@demo.ducat.local`;
  const owner = await browser.newContext({ baseURL: E2E_URLS.admin });
  const ownerPage = await owner.newPage();
  await signIn(ownerPage, DEMO.owner.email, DEMO.owner.password);
  await ownerPage.getByRole('link', { name: 'Settings', exact: true }).click();
  const form = ownerPage.getByRole('form', { name: 'Add a team member' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel(/^Initial password/).fill(PASSWORD);
  await form.getByLabel('Role').selectOption('developer');
  await form.getByRole('button', { name: 'Add a team member' }).click();
  await expect(
    ownerPage.getByRole('status').filter({ hasText: `${email} can now sign in` }),
  ).toBeVisible();
  await owner.close();

  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/merchant$/);
  await expect(page.getByTestId('who')).toContainText('developer');
  // Settings are read-only for a developer, and the team form is not offered.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByText('Only the owner can change these.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save settings' })).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Add a team member' })).toHaveCount(0);
  // Keys are a developer's job: the create buttons are there.
  await page.getByRole('link', { name: 'Keys and secrets' }).click();
  await expect(page.getByRole('heading', { name: 'Keys and webhook secrets' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'API key' }).first()).toBeVisible();
  await saveFinalScreenshot(page, testInfo);
});

import { auditFinalState } from '../../../e2e/audit';
import { expect, test } from '../../../e2e/fixtures';
import { E2E_URLS } from '../../../e2e/ports';
import { recordSecret } from '../../../e2e/secrets';
import { lastMail, PASSWORD, signUp, uniqueEmail } from './helpers';

test('a forgotten password is reset through the mailed link, and only the new one signs in', async ({
  page,
}, testInfo) => {
  const email = uniqueEmail('forgot');
  await signUp(page, email);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/signin');

  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send me a reset link' }).click();
  await expect(page.getByText('If an account uses this address')).toBeVisible();
  const mail = await lastMail(email, 'Reset your password');
  const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(mail.text)?.[0] ?? '';
  expect(link.startsWith(`${E2E_URLS.checkout}/reset-password?token=`)).toBe(true);

  await page.goto(link);
  recordSecret('password', 'a brand new password 42');
  await page.getByLabel('New password').fill('a brand new password 42');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByText('Your password is changed')).toBeVisible();

  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('[data-code="invalid_credentials"]')).toBeVisible();
  await page.getByLabel('Password').fill('a brand new password 42');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/wallet');
  await expect(page.getByRole('heading', { name: 'Your wallet' })).toBeVisible();
  await auditFinalState(page, testInfo);
});

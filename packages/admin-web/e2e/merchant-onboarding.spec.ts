import { expect, test } from '../../../e2e/fixtures';
import { E2E_URLS } from '../../../e2e/ports';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { recordSecret } from '../../../e2e/secrets';
import { createOrder, DEMO, PASSWORD, signIn, unique } from './support';

test('an admin approves a pending merchant, whose owner signs in, creates keys and sees a test order paid', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(150_000);
  const name = `E2E Shop ${unique()}`;
  const ownerEmail = `owner-${unique()}@e2e-shop.example`;

  // 1. The application, through the public sign-up page.
  await page.goto('/signup');
  await page.getByLabel('Business name').fill(name);
  await page.getByLabel('Website').fill('https://e2e-shop.example');
  await page.getByLabel('Contact email').fill(`contact-${unique()}@e2e-shop.example`);
  await page.getByLabel(/^Return URL/).fill(`${E2E_URLS.store}/checkout/return`);
  await page.getByLabel(/^IPN URL/).fill(`${E2E_URLS.store}/ipn`);
  await page.getByLabel('Your name').fill('Olive Owner');
  await page.getByLabel('Your email').fill(ownerEmail);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Submit application' }).click();
  const merchantId = (await page.getByTestId('merchant-id').textContent()) ?? '';
  expect(merchantId).toMatch(/^mch_/);

  // 2. The admin approves it from the pending filter.
  const adminContext = await browser.newContext({ baseURL: E2E_URLS.admin });
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, DEMO.admin.email, DEMO.admin.password);
  await adminPage.goto('/admin/merchants?status=pending');
  await adminPage.getByRole('link', { name }).click();
  await expect(adminPage.getByRole('heading', { level: 1 })).toContainText('Pending');
  const audit = adminPage.getByRole('region', { name: 'Audit trail' });
  // Applied through the public form: no staff action yet (this is the query the page caches).
  await expect(audit).toContainText('No audit entry matches.');
  await adminPage.getByRole('button', { name: 'Approve' }).click();
  const dialog = adminPage.getByRole('alertdialog');
  await expect(dialog).toContainText('The merchant can take payments.');
  await dialog.getByLabel(/^Reason/).fill('Documents checked');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(adminPage.getByRole('heading', { level: 1 })).toContainText('Active');
  // Feedback at once, without a reload: a toast, and the approval in the audit trail.
  await expect(
    adminPage.getByRole('region', { name: /^Notifications/ }).getByText(`${name} is now active`),
  ).toBeVisible();
  await expect(audit).toContainText('merchant.status_changed');
  await expect(audit).not.toContainText('No audit entry matches.');
  await adminContext.close();

  // 3. The owner signs in, sees the approval and creates test keys (shown once).
  await signIn(page, ownerEmail, PASSWORD);
  await expect(page).toHaveURL(/\/merchant$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Active');
  await page.getByRole('link', { name: 'Keys and secrets' }).click();
  await page.getByRole('button', { name: 'Create test API key' }).click();
  const secret = page.getByTestId('secret-value');
  await expect(secret).toHaveText(/^dk_test_/);
  const apiKey = (await secret.textContent()) ?? '';
  recordSecret('api key', apiKey);
  await expect(page.getByRole('row').filter({ hasText: 'API key' })).toContainText('Active');
  await page.getByRole('button', { name: 'Create test webhook secret' }).click();
  await expect(secret).toHaveText(/^dwhsec_test_/);

  // 4. The merchant's server makes a test order with the new key (SDK); a demo shopper pays it
  // with her wallet on the hosted checkout.
  const { orderId, url } = await createOrder({ merchantId, apiKey }, 1_999);
  expect(url.startsWith(`${E2E_URLS.checkout}/pay/`)).toBe(true);
  const shopperContext = await browser.newContext({ baseURL: E2E_URLS.checkout });
  const shopper = await shopperContext.newPage();
  await shopper.goto('/signin');
  await shopper.getByLabel('Email').fill(DEMO.alice.email);
  await shopper.getByLabel('Password').fill(DEMO.alice.password);
  await shopper.getByRole('button', { name: 'Sign in' }).click();
  await shopper.waitForURL('**/wallet');
  await shopper.goto(url);
  await expect(shopper.getByTestId('order-amount')).toHaveText('€19.99');
  await shopper.getByRole('button', { name: 'Pay €19.99' }).click();
  // Paid: the checkout sends the shopper back to the merchant's return URL.
  await shopper.waitForURL(`${E2E_URLS.store}/checkout/return?**`, { timeout: 30_000 });
  expect(new URL(shopper.url()).searchParams.get('status')).toBe('checkout_success');
  await shopperContext.close();

  // 5. The owner sees the paid order in the list, opens it, and finds its IPN.
  await page.getByRole('link', { name: 'Orders' }).click();
  const row = page.getByRole('row').filter({ hasText: orderId });
  await expect(row).toContainText('Paid');
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Paid');
  await expect(page.getByRole('row').filter({ hasText: 'order.checkout_success' })).toBeVisible();
  // The order page: who paid, how, and the money after the fee.
  await expect(page.getByRole('region', { name: 'Payment' })).toContainText(DEMO.alice.email);
  await expect(page.getByRole('region', { name: 'Payment' })).toContainText('Ducat wallet');
  await expect(page.getByRole('region', { name: 'Money' })).toContainText('€19.99');
  const ipn = page.getByRole('row').filter({ hasText: 'order.checkout_success' });
  await expect(ipn).toContainText(`${E2E_URLS.store}/ipn`);
  // A resend: a toast with the endpoint's answer, and the manual attempt listed at once.
  await expect(ipn.getByText('manual')).toHaveCount(0);
  await ipn.getByRole('button', { name: /^Resend/ }).click();
  await expect(
    page.getByRole('region', { name: /^Notifications/ }).getByText(/^IPN resent/),
  ).toBeVisible();
  await expect(ipn.getByText(/manual/)).toBeVisible();
  await saveFinalScreenshot(page, testInfo);
});

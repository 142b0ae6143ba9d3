import { expect, test } from '../../../e2e/fixtures';
import { E2E_URLS } from '../../../e2e/ports';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { ApiSession, createOrder, DEMO, demoKeys, PASSWORD, signIn, unique } from './support';

test("merchant A's staff cannot open merchant B's order by URL", async ({
  page,
  browser,
}, testInfo) => {
  // Merchant B: the demo store, with an order of its own.
  const merchantB = demoKeys();
  const { orderId } = await createOrder(merchantB, 4_321);

  // Its owner can open it (the page works)…
  const ownerB = await browser.newContext({ baseURL: E2E_URLS.admin });
  const pageB = await ownerB.newPage();
  await signIn(pageB, DEMO.owner.email, DEMO.owner.password);
  await pageB.goto(`/merchant/orders/${orderId}`);
  await expect(pageB.getByRole('heading', { level: 1 })).toContainText('Awaiting payment');
  await ownerB.close();

  // Merchant A: a new applicant, whose owner signs in to the portal.
  const ownerEmail = `owner-a-${unique()}@e2e-a.example`;
  const anonymous = await ApiSession.anonymous(E2E_URLS.admin);
  const { merchantId: merchantA } = await anonymous.ok<{ merchantId: string }>(
    'mutation',
    'merchant.submitApplication',
    {
      businessName: `Merchant A ${unique()}`,
      website: 'https://a.example',
      contactEmail: `contact-${unique()}@e2e-a.example`,
      callbackUrl: 'https://a.example/return',
      ipnUrl: 'https://a.example/ipn',
      allowedOrigins: [],
      owner: { email: ownerEmail, password: PASSWORD },
    },
  );
  await anonymous.dispose();
  await signIn(page, ownerEmail, PASSWORD);
  await expect(page).toHaveURL(/\/merchant$/);

  // By URL: merchant B's order is not found for merchant A, and nothing of it shows.
  await page.goto(`/merchant/orders/${orderId}`);
  const alert = page.getByRole('alert').filter({ hasText: 'No such order.' });
  await expect(alert).toContainText('No such order.');
  await expect(alert).toHaveAttribute('data-code', 'order_not_found');
  await expect(page.getByText('43.21')).toHaveCount(0);

  // And the API refuses to let A name B at all, whatever the UI does.
  const asA = await ApiSession.staff(ownerEmail, PASSWORD);
  const named = await asA.call('query', 'merchant.orders.get', {
    merchantId: merchantB.merchantId,
    orderId,
  });
  expect(named.status).toBe(403);
  expect(named.body.error?.data?.code).toBe('forbidden');
  const own = await asA.call('query', 'merchant.orders.get', { merchantId: merchantA, orderId });
  expect(own.body.error?.data?.code).toBe('order_not_found');
  await asA.dispose();
  await saveFinalScreenshot(page, testInfo);
});

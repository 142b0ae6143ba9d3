import { auditFinalState } from '../../../e2e/audit';
import { expect, test } from '../../../e2e/fixtures';
import { E2E_URLS } from '../../../e2e/ports';
import { allowWidgetOrigin, buyAtStore, DEMO, expectStoreIpn } from './helpers';

test.describe.configure({ timeout: 120_000 });

// The other widget tests run the store on localhost, the same site as the checkout, where any
// cookie works. A real merchant's site is another site: there the frame is a third-party
// context, and a SameSite=Lax session cookie is neither stored nor sent.
test('the widget on a merchant site that is another site: the shopper signs in and pays inside the frame', async ({
  page,
}, testInfo) => {
  const crossSite = E2E_URLS.store.replace('//localhost:', '//127.0.0.1:');
  expect(crossSite).not.toBe(E2E_URLS.store);
  await allowWidgetOrigin(crossSite);

  await buyAtStore(page, { mode: 'widget', storeUrl: crossSite });
  const frame = page.frameLocator('iframe[title="Ducat checkout"]');
  await expect(frame.getByTestId('order-amount')).toHaveText('€12.50');
  const orderText = await frame.getByText(/^Order ord_/).textContent();
  const orderId = orderText?.replace(/^Order /, '').trim() ?? '';

  await frame.getByLabel('Email').fill(DEMO.alice.email);
  await frame.getByLabel('Password').fill(DEMO.alice.password);
  await frame.getByRole('button', { name: 'Sign in' }).click();
  // Signed in: the frame kept its (partitioned) session cookie and the next call carried it.
  await expect(frame.getByTestId('wallet-available')).toBeVisible();
  await frame.getByRole('button', { name: 'Pay €12.50' }).click();

  await page.waitForURL('**/checkout/return?**', { timeout: 30_000 });
  await expect(page.locator('strong', { hasText: 'checkout_success' })).toBeVisible();
  expect((await expectStoreIpn(orderId, 'checkout_success')).returnVerified).toBe(true);

  // The session lived only in the merchant site's partition: on the checkout's own site the
  // shopper is not signed in.
  const own = await page.context().newPage();
  await own.goto(`${E2E_URLS.checkout}/wallet`);
  await expect(own).toHaveURL(/\/signin/);
  await own.close();
  await auditFinalState(page, testInfo);
});

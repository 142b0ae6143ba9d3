import { expect, test } from '../../../e2e/fixtures';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import {
  CARDS,
  createOrder,
  DEMO,
  demoKeys,
  signIn,
  startProviderPayment,
  submitSandboxCard,
} from './support';

test('a provider payment the provider holds shows as pending on the order page, not created', async ({
  page,
}, testInfo) => {
  const { orderId, token } = await createOrder(demoKeys(), 1_234);
  const { redirectUrl } = await startProviderPayment(token);
  // The sandbox answers this card late: until then the provider says the payment is pending.
  await submitSandboxCard(redirectUrl, CARDS.late);
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await page.goto(`/admin/orders/${orderId}`);
  const attempts = page.getByRole('table', { name: 'Provider payments' });
  await expect(attempts.getByRole('row').nth(1)).toContainText('Pending');
  await expect(attempts).not.toContainText('created');
  for (const width of [390, 1280]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      // Below 768 px the table reads as a list of cards with the same name.
      const shown = page.getByRole(width < 768 ? 'list' : 'table', { name: 'Provider payments' });
      await expect(shown).toContainText('Pending');
      await shown.screenshot({
        path: `test-results/screenshots/admin/order-provider-pending-${width}-${colorScheme}.png`,
      });
    }
  }
  await saveFinalScreenshot(page, testInfo);
});

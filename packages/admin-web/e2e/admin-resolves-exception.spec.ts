import { expect, test } from '@playwright/test';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import {
  ApiSession,
  CARDS,
  createOrder,
  DEMO,
  demoKeys,
  expireOrderNow,
  signIn,
  startProviderPayment,
  submitSandboxCard,
} from './support';

test('an admin resolves an exception_checkout by honouring the late payment', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  // A provider payment whose success arrives after the order timed out: the shopper reaches the
  // sandbox's card page, the order's time runs out, then the card is accepted.
  const { orderId, token } = await createOrder(demoKeys(), 2_345);
  const { redirectUrl } = await startProviderPayment(token);
  await expireOrderNow(orderId);
  const admin = await ApiSession.staff(DEMO.admin.email, DEMO.admin.password);

  // Wait for the timeout through the server's own expiry job, then pay at the provider.
  const anonymous = await ApiSession.anonymous();
  await expect
    .poll(
      async () =>
        (await anonymous.ok<{ status: string }>('query', 'checkout.open', { token })).status,
      { timeout: 45_000 },
    )
    .toBe('timeout');
  await submitSandboxCard(redirectUrl, CARDS.success);
  await expect
    .poll(
      async () =>
        (
          await admin.ok<{ items: { orderId: string }[] }>('query', 'admin.exceptions.list', {
            status: 'open',
            limit: 200,
          })
        ).items.some((e) => e.orderId === orderId),
      { timeout: 45_000 },
    )
    .toBe(true);

  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await page.getByRole('link', { name: 'Exception queue' }).click();
  const row = page.getByRole('row').filter({ hasText: orderId });
  await expect(row).toContainText('open');
  await row.getByRole('button', { name: 'Honour payment' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(orderId);
  await dialog.getByLabel('Note (optional)').fill('Shopper confirmed the late payment');
  await dialog.getByRole('button', { name: 'Honour payment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'honoured' })).toBeVisible();

  // The exception is out of the open queue, and the order is paid.
  await expect(page.getByRole('row').filter({ hasText: orderId })).toHaveCount(0);
  await page.getByLabel('Status').selectOption('honoured');
  await expect(page.getByRole('row').filter({ hasText: orderId })).toContainText('honoured');
  const opened = await anonymous.ok<{ status: string }>('query', 'checkout.open', { token });
  expect(opened.status).toBe('checkout_success');
  await admin.dispose();
  await anonymous.dispose();
  await saveFinalScreenshot(page, testInfo);
});

import { expect, test } from '../../../e2e/fixtures';
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
  await expect(row).toContainText('Open');
  await row.getByRole('button', { name: 'Honour payment' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(orderId);
  await dialog.getByLabel('Note (optional)').fill('Shopper confirmed the late payment');
  await dialog.getByRole('button', { name: 'Honour payment' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'honoured', visible: true }).first(),
  ).toBeVisible();

  // The exception is out of the open queue, and the order is paid.
  await expect(page.getByRole('row').filter({ hasText: orderId })).toHaveCount(0);
  await page.getByLabel('Status').selectOption('honoured');
  await expect(page.getByRole('row').filter({ hasText: orderId })).toContainText('Honoured');
  const opened = await anonymous.ok<{ status: string }>('query', 'checkout.open', { token });
  expect(opened.status).toBe('checkout_success');
  await admin.dispose();
  await anonymous.dispose();
  await saveFinalScreenshot(page, testInfo);
});

test('an admin refunds a late payment; the shopper’s checkout page then says the money went back', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const { orderId, token, url } = await createOrder(demoKeys(), 3_456);
  const { redirectUrl } = await startProviderPayment(token);
  await expireOrderNow(orderId);
  const admin = await ApiSession.staff(DEMO.admin.email, DEMO.admin.password);
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
        (await anonymous.ok<{ status: string }>('query', 'checkout.open', { token })).status,
      { timeout: 45_000 },
    )
    .toBe('exception_checkout');

  // While the queue holds it, the shopper is told the platform (not the merchant) decides.
  await page.goto(url);
  const outcome = page.getByTestId('checkout-outcome');
  await expect(outcome).toContainText('Our payments team is reviewing it');

  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await page.getByRole('link', { name: 'Exception queue' }).click();
  const row = page.getByRole('row').filter({ hasText: orderId });
  await row.getByRole('button', { name: 'Refund shopper' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Refund shopper' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'refunded', visible: true }).first(),
  ).toBeVisible();

  await page.goto(url);
  await expect(outcome).toContainText('Your payment was refunded');
  await expect(outcome).toHaveAttribute('data-status', 'exception_checkout');
  const order = await admin.ok<{ order: { exceptionResolution: string | null } }>(
    'query',
    'admin.orders.get',
    { orderId },
  );
  expect(order.order.exceptionResolution).toBe('refunded');
  for (const width of [390, 1280]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({
        path: `test-results/screenshots/admin/late-payment-refunded-${width}-${colorScheme}.png`,
        fullPage: true,
      });
    }
  }
  await admin.dispose();
  await anonymous.dispose();
  await saveFinalScreenshot(page, testInfo);
});

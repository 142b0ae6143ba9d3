import { readFileSync } from 'node:fs';
import { auditState, VIEWPORTS } from '../../../e2e/audit';
import { expect, test } from '../../../e2e/fixtures';
import { E2E_DEMO_KEYS_FILE, E2E_URLS } from '../../../e2e/ports';
import { recordSecret } from '../../../e2e/secrets';
import { createOrder } from '../../admin-web/e2e/support';
import {
  armSandboxFault,
  buyAtStore,
  buyByCard,
  CARDS,
  DEMO,
  expectStoreIpn,
  holdOnOutcome,
  ipnTypesOf,
  onCheckoutPage,
  payByCardOnCheckout,
  signIn,
  storeState,
  typeSandboxCard,
} from './helpers';

/**
 * Failed attempts as a shopper meets them (issue #19): a declined card and then the wallet; the
 * merchant's limit of declines closing the order (its IPN once); a provider that fails to start
 * the payment and then a card that pays. At 390×844 and 1280×800, axe (0 serious or critical)
 * and screenshots in light and dark of each state: test-results/screenshots/checkout-attempts/.
 */
test.describe.configure({ timeout: 120_000 });

const DIR = 'checkout-attempts';
/** The demo merchant's limit of failed attempts (the default). */
const LIMIT = 5;

/**
 * One declined attempt without a browser: as a guest through the API, then the sandbox's form;
 * answers once the merchant has heard of it (the decline's notification is applied).
 */
async function declineByApi(token: string, orderId: string, nth: number): Promise<void> {
  const started = await fetch(`${E2E_URLS.api}/trpc/checkout.payWithProvider`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, provider: 'sandbox' }),
  });
  const body = (await started.json()) as { result?: { data: { redirectUrl: string } } };
  const redirectUrl = body.result?.data.redirectUrl;
  if (!redirectUrl) throw new Error(`payWithProvider: ${JSON.stringify(body)}`);
  const submitted = await fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ number: CARDS.decline, expiry: '12/34', cvc: '123', name: 'A B' }),
    redirect: 'manual',
  });
  expect(submitted.status).toBe(303);
  await expect.poll(async () => (await ipnTypesOf(orderId)).length, { timeout: 30_000 }).toBe(nth);
}

function demoKeys(): { merchantId: string; apiKey: string } {
  return JSON.parse(readFileSync(E2E_DEMO_KEYS_FILE, 'utf8')) as {
    merchantId: string;
    apiKey: string;
  };
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('a declined card, then the wallet pays the same order', async ({ page }) => {
      await signIn(page, DEMO.bob);
      const { orderId } = await buyByCard(page, CARDS.decline);
      const declined = page.getByTestId('attempt-failed');
      await expect(declined).toContainText('Your card was declined. No money was taken.', {
        timeout: 30_000,
      });
      await expect(declined).toContainText('pay from your wallet');
      await auditState(page, DIR, 'declined-signed-in');
      await page.getByRole('tab', { name: 'Ducat wallet' }).click();
      await holdOnOutcome(page);
      await page.getByRole('button', { name: 'Pay €12.50' }).click();
      await expect(page.getByRole('heading', { name: 'Payment complete' })).toBeVisible();
      await expect(page.getByTestId('receipt')).toContainText('Ducat wallet');
      await auditState(page, DIR, 'wallet-after-decline');
      expect(await ipnTypesOf(orderId)).toEqual(['order.payment_failed', 'order.checkout_success']);
    });

    test("the merchant's limit of declines closes the order: error_checkout, its IPN once", async ({
      page,
    }) => {
      await buyAtStore(page, { mode: 'redirect' });
      const { token, orderId } = await onCheckoutPage(page);
      // All but the last attempt without the browser (the flow of one is the test above).
      for (let n = 1; n < LIMIT; n++) await declineByApi(token, orderId, n);
      await page.reload();
      const notice = page.getByTestId('attempt-failed');
      await expect(notice).toContainText('1 try left');
      await auditState(page, DIR, 'one-try-left');
      await payByCardOnCheckout(page);
      await typeSandboxCard(page, CARDS.decline);
      await expect(
        page.getByRole('heading', { name: 'The payment could not be completed' }),
      ).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole('button', { name: /Pay/ })).toHaveCount(0);
      await auditState(page, DIR, 'closed-after-declines');
      const ipns = await ipnTypesOf(orderId);
      expect(ipns.filter((t) => t === 'order.payment_failed')).toHaveLength(LIMIT);
      expect(ipns.filter((t) => t === 'order.error_checkout')).toHaveLength(1);
      expect(ipns.at(-1)).toBe('order.error_checkout');
      // The merchant's server received it (and no second one, beyond redeliveries it dropped).
      await expectStoreIpn(orderId, 'error_checkout');
      const received = (await storeState()).events.filter(
        (e) => e.orderId === orderId && e.type === 'order.error_checkout' && !e.duplicate,
      );
      expect(received).toHaveLength(1);
    });

    test('the card provider fails to start the payment, then a card pays', async ({ page }) => {
      // An amount of its own: the sandbox's fault is armed for exactly this amount.
      const amount = 3_000 + viewport.width + Math.floor(Math.random() * 500);
      const { orderId, url } = await createOrder(demoKeys(), amount);
      recordSecret('checkout url', url);
      await armSandboxFault('error', amount);
      await page.goto(url);
      await payByCardOnCheckout(page);
      const notice = page.getByTestId('attempt-failed');
      await expect(notice).toContainText('the payment did not start. No money was taken.');
      await expect(notice).toHaveAttribute('data-code', 'provider_error');
      await expect(page.getByRole('tab', { name: 'Card', selected: true })).toBeVisible();
      await auditState(page, DIR, 'provider-error');
      await holdOnOutcome(page);
      await page.getByRole('button', { name: 'Pay by card' }).click();
      await typeSandboxCard(page, CARDS.success);
      await expect(page.getByRole('heading', { name: 'Payment complete' })).toBeVisible({
        timeout: 30_000,
      });
      await expect(page.getByTestId('receipt')).toContainText('Visa •••• 4242');
      await auditState(page, DIR, 'card-after-provider-error');
      expect(await ipnTypesOf(orderId)).toEqual(['order.payment_failed', 'order.checkout_success']);
    });
  });
}

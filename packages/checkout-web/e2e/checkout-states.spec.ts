import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { auditState, VIEWPORTS } from '../../../e2e/audit';
import {
  buyAtStore,
  buyByCard,
  CARDS,
  DEMO,
  holdOnOutcome,
  onCheckoutPage,
  signIn,
  uniqueEmail,
} from './helpers';

/**
 * Every state of the checkout a shopper can meet, at a phone's and a laptop's size, in light
 * and dark: axe finds nothing serious or critical in any of them (WCAG 2.1 A/AA rules), and a
 * screenshot of each is kept under test-results/screenshots/checkout-states/ to be looked at.
 */
test.describe.configure({ timeout: 150_000 });

async function capture(page: Page, testInfo: TestInfo, state: string): Promise<void> {
  await auditState(page, 'checkout-states', state);
  testInfo.annotations.push({ type: 'state', description: state });
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('a guest: the order with its lines, the wallet and card tabs, a bad link', async ({
      page,
    }, testInfo) => {
      await buyAtStore(page, { mode: 'redirect', product: 'Ducat T-shirt' });
      const { token } = await onCheckoutPage(page);
      await expect(page.getByTestId('order-amount')).toHaveText('€24.00');
      await expect(page.getByTestId('line-items')).toContainText('€24.00 × 1');
      await expect(page.getByText('Secured by Ducat')).toBeVisible();
      // The checkout is the merchant's page: no wallet navigation.
      await expect(page.getByRole('link', { name: 'Wallet' })).toHaveCount(0);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await capture(page, testInfo, 'guest-wallet-tab');
      await page.getByRole('tab', { name: 'Card' }).click();
      await expect(page.getByRole('button', { name: 'Pay by card · €24.00' })).toBeVisible();
      await capture(page, testInfo, 'guest-card-tab');
      await page.goto(`/pay/${token.slice(0, -3)}xyz`);
      await expect(page.getByTestId('checkout-error')).toBeVisible();
      await capture(page, testInfo, 'bad-link');
    });

    test('signed in: paying as, the balance, the pay button, then Payment complete with the receipt', async ({
      page,
    }, testInfo) => {
      await signIn(page, DEMO.bob);
      await buyAtStore(page, { mode: 'redirect', product: 'Sticker pack' });
      await onCheckoutPage(page);
      await expect(page.getByTestId('paying-as')).toHaveText(DEMO.bob.email);
      await expect(page.getByRole('button', { name: 'Pay €5.00' })).toBeVisible();
      await capture(page, testInfo, 'signed-in-wallet');
      await holdOnOutcome(page);
      await page.getByRole('button', { name: 'Pay €5.00' }).click();
      await expect(page.getByRole('heading', { name: 'Payment complete' })).toBeVisible();
      await expect(page.getByTestId('receipt')).toContainText('Ducat wallet');
      await capture(page, testInfo, 'paid-receipt');
    });

    test('a new shopper: signed up on the page, the shortfall shows before any click', async ({
      page,
    }, testInfo) => {
      await buyAtStore(page, { mode: 'redirect', product: 'Ducat T-shirt' });
      await onCheckoutPage(page);
      await page.getByRole('tab', { name: 'I am new here' }).click();
      await page.getByLabel('Email').fill(uniqueEmail('states'));
      await page.getByLabel('Password').fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect(page.getByTestId('wallet-shortfall')).toBeVisible();
      await expect(page.getByRole('button', { name: /^Pay €/ })).toHaveCount(0);
      await capture(page, testInfo, 'shortfall');
    });

    test('a declined card: the notice, the order still payable', async ({ page }, testInfo) => {
      await buyByCard(page, CARDS.decline);
      await expect(page.getByTestId('attempt-failed')).toBeVisible({ timeout: 30_000 });
      await capture(page, testInfo, 'declined');
    });
  });
}

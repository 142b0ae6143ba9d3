import { auditState, VIEWPORTS } from '../../../e2e/audit';
import { expect, test } from '../../../e2e/fixtures';
import { DEMO, signIn } from './helpers';

/**
 * Every page of the checkout app besides the checkout itself (account and wallet pages), as a
 * shopper sees them on a phone and a laptop, in light and dark: no sideways scrolling, axe finds
 * nothing serious or critical, a screenshot of each under test-results/screenshots/wallet-pages/.
 */
test.describe.configure({ timeout: 150_000 });

const DIR = 'wallet-pages';

const SIGNED_OUT = [
  { path: '/', name: 'home', heading: 'Ducat checkout' },
  { path: '/signin', name: 'signin', heading: 'Sign in to Ducat' },
  { path: '/signup', name: 'signup', heading: 'Create your Ducat account' },
  { path: '/forgot-password', name: 'forgot-password', heading: 'Forgot your password?' },
  {
    path: '/reset-password?token=e2e-not-a-real-token',
    name: 'reset-password',
    heading: 'Choose a new password',
  },
  { path: '/verify-email', name: 'verify-email-no-token', heading: 'Verify your email' },
] as const;

const SIGNED_IN = [
  { path: '/wallet', name: 'wallet', heading: 'Your wallet' },
  { path: '/wallet/orders', name: 'orders', heading: 'Your orders' },
  { path: '/wallet/cards', name: 'cards', heading: 'Your cards' },
  { path: '/wallet/profile', name: 'profile', heading: 'Your profile' },
] as const;

async function expectNoSidewaysScroll(page: import('@playwright/test').Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('the account pages, signed out', async ({ page }) => {
      for (const target of SIGNED_OUT) {
        await page.goto(target.path);
        await expect(page.getByRole('heading', { level: 1, name: target.heading })).toBeVisible();
        await expectNoSidewaysScroll(page);
        await auditState(page, DIR, target.name);
      }
    });

    test('the wallet pages, signed in; a withdrawal says the most that can be withdrawn', async ({
      page,
    }) => {
      await signIn(page, DEMO.bob);
      for (const target of SIGNED_IN) {
        await page.goto(target.path);
        await expect(page.getByRole('heading', { level: 1, name: target.heading })).toBeVisible();
        // Loaded, not skeletons: the screenshot shows the page a shopper reads.
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
        await expectNoSidewaysScroll(page);
        if (target.name === 'wallet') {
          await expect(page.getByTestId('withdraw-most')).toHaveText(
            /^You can withdraw up to €[\d,]+\.\d\d\.$/,
          );
        }
        await auditState(page, DIR, target.name);
      }
      // More than the wallet holds: refused before anything is sent, with the most in words.
      await page.goto('/wallet');
      const withdraw = page.getByRole('region', { name: 'Withdraw' });
      // The form knows the balance once it says the most (before that, only the API can refuse).
      await expect(page.getByTestId('withdraw-most')).toHaveText(/^You can withdraw up to /);
      await withdraw.getByLabel('Amount (EUR)').fill('1000000.00');
      await withdraw.getByLabel('Bank account (IBAN)').fill('DE89 3704 0044 0532 0130 00');
      await withdraw.getByRole('button', { name: 'Withdraw' }).click();
      await expect(withdraw.getByRole('alert')).toHaveText(
        /^You can withdraw at most €[\d,]+\.\d\d\.$/,
      );
      await expect(withdraw.getByRole('alert')).not.toContainText(/acc_|trf_/);
      await auditState(page, DIR, 'withdraw-too-much');
    });
  });
}

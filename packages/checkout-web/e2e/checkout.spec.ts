import type { Page } from '@playwright/test';
import { auditFinalState } from '../../../e2e/audit';
import { expect, test } from '../../../e2e/fixtures';
import { E2E_URLS } from '../../../e2e/ports';
import {
  blockShopper,
  buyAtStore,
  buyByCard,
  CARDS,
  DEMO,
  expectStoreIpn,
  expireOrderNow,
  lastMail,
  onCheckoutPage,
  PASSWORD,
  signIn,
  signUp,
  storeState,
  typeSandboxCard,
  uniqueEmail,
  walletAvailable,
} from './helpers';

/**
 * The hosted checkout against the whole platform: the example store is the merchant, the
 * sandbox provider the card network. Each test saves a screenshot of its final page.
 */
test.describe.configure({ timeout: 120_000 });

/** The store's return page, reached through Ducat's signed redirect, which the store verified. */
async function expectVerifiedReturn(page: Page, status: string): Promise<void> {
  await page.waitForURL(`${E2E_URLS.store}/checkout/return?**`, { timeout: 30_000 });
  await expect(page.locator('strong', { hasText: status })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'This return link is not valid' })).toHaveCount(0);
  const url = new URL(page.url());
  expect(url.searchParams.get('status')).toBe(status);
  expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
}

/** Saves a sandbox card from the wallet, then comes back to the deposit form. */
async function saveCardFromWallet(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add a card' }).click();
  await typeSandboxCard(page, CARDS.success);
  await page.waitForURL('**/wallet/cards?**');
  // Once the provider's notification saved the card, the page continues to the deposit.
  await page.waitForURL(/\/wallet(\?|$)/, { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Add money' }).getByLabel('Card')).toBeVisible({
    timeout: 30_000,
  });
}

test('a new shopper signs up, verifies the email, deposits by card, buys at the store and the store gets the IPN', async ({
  page,
}, testInfo) => {
  const email = uniqueEmail('new');
  await signUp(page, email, 'Nina New');

  const mail = await lastMail(email, 'Verify your email');
  const link = /https?:\/\/\S+\/verify-email\?token=\S+/.exec(mail.text)?.[0];
  expect(link?.startsWith(`${E2E_URLS.checkout}/verify-email?token=`)).toBe(true);
  await page.goto(link ?? '');
  await expect(page.getByTestId('email-verified')).toBeVisible();

  await page.goto('/wallet');
  await saveCardFromWallet(page);
  const deposit = page.getByRole('region', { name: 'Add money' });
  await deposit.getByLabel('Amount (EUR)').fill('30.00');
  await deposit.getByRole('button', { name: 'Add money' }).click();
  await expect(page.getByText('€30.00 added to your wallet.')).toBeVisible();
  expect(await walletAvailable(page)).toBe(3_000);
  await expect(page.getByTestId('balance-history').locator('tbody tr').first()).toContainText(
    'Deposit',
  );

  await buyAtStore(page, { mode: 'redirect' });
  const { orderId } = await onCheckoutPage(page);
  await expect(page.getByTestId('order-amount')).toHaveText('€12.50');
  await expect(page.getByTestId('merchant-name')).toHaveText('Demo Store');
  await page.getByRole('button', { name: 'Pay €12.50' }).click();
  await expectVerifiedReturn(page, 'checkout_success');

  const shop = await expectStoreIpn(orderId, 'checkout_success');
  expect(shop.paidAt).not.toBeNull();
  expect(shop.returnVerified).toBe(true);
  expect(await walletAvailable(page)).toBe(1_750);
  // The store's own orders page: paid on the strength of the verified IPN.
  await page.goto(`${E2E_URLS.store}/orders`);
  await expect(page.locator('tr', { hasText: shop.id })).toContainText('paid (IPN verified');
  await auditFinalState(page, testInfo);
});

test('insufficient funds: sign up inline on the checkout, add money through the shortcut, come back and pay', async ({
  page,
}, testInfo) => {
  await buyAtStore(page, { mode: 'redirect', product: 'Ducat T-shirt' });
  const { token, orderId } = await onCheckoutPage(page);
  await page.getByRole('tab', { name: 'I am new here' }).click();
  await page.getByLabel('Email').fill(uniqueEmail('short'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();

  // Still on the same order, now signed in with an empty wallet: the shortfall shows before any
  // click, and there is no Pay button for a payment that cannot succeed.
  await expect(page.getByTestId('paying-as')).toBeVisible();
  await expect(page.getByTestId('wallet-available')).toContainText('€0.00');
  expect(page.url()).toContain(`/pay/${token}`);
  const shortfall = page.getByTestId('wallet-shortfall');
  await expect(shortfall).toContainText('Your wallet is €24.00 short');
  await expect(page.getByRole('button', { name: 'Pay €24.00' })).toHaveCount(0);
  await shortfall.getByRole('link', { name: 'Add €24.00 to your wallet' }).click();

  await page.waitForURL('**/wallet?**');
  await saveCardFromWallet(page);
  const deposit = page.getByRole('region', { name: 'Add money' });
  await expect(deposit.getByLabel('Amount (EUR)')).toHaveValue('24.00');
  await deposit.getByRole('button', { name: 'Add money' }).click();

  // Back on the order once the money is in.
  await page.waitForURL(`**/pay/${token}`);
  await expect(page.getByTestId('wallet-available')).toContainText('€24.00');
  await page.getByRole('button', { name: 'Pay €24.00' }).click();
  await expectVerifiedReturn(page, 'checkout_success');
  await expectStoreIpn(orderId, 'checkout_success');
  expect(await walletAvailable(page)).toBe(0);
  await auditFinalState(page, testInfo);
});

test('a double click on pay charges once', async ({ page }, testInfo) => {
  await signIn(page, DEMO.alice);
  const before = await walletAvailable(page);
  await buyAtStore(page, { mode: 'redirect', product: 'Sticker pack' });
  const { orderId } = await onCheckoutPage(page);
  const checkoutUrl = page.url();
  await page.getByRole('button', { name: 'Pay €5.00' }).dblclick();
  await expectVerifiedReturn(page, 'checkout_success');
  // The link opened again: already paid, nothing to pay.
  await page.goto(checkoutUrl);
  await expect(page.getByRole('heading', { name: 'This order is already paid' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Pay/ })).toHaveCount(0);
  await expectStoreIpn(orderId, 'checkout_success');
  expect(await walletAvailable(page)).toBe(before - 500);
  const { events } = await storeState();
  const successes = events.filter(
    (e) => e.orderId === orderId && e.type === 'order.checkout_success',
  );
  expect(successes.filter((e) => !e.duplicate)).toHaveLength(1);
  await page.goto('/wallet/orders');
  // The list shows no order ids to the shopper; the row carries it for tests and support tools.
  await expect(
    page.getByTestId('order-history').locator(`tr[data-order-id="${orderId}"]`),
  ).toContainText('Paid');
  await auditFinalState(page, testInfo);
});

test('a tampered checkout link is refused and changes nothing', async ({ page }, testInfo) => {
  await buyAtStore(page, { mode: 'redirect' });
  const { token, orderId } = await onCheckoutPage(page);
  const [head, payload, signature = ''] = token.split('.');
  const forged = `${head}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
  const response = await page.goto(`/pay/${forged}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'This payment link is not valid' })).toBeVisible();
  await expect(page.getByTestId('checkout-error')).toHaveAttribute('data-code', 'error_signature');
  await expect(page.getByRole('button', { name: /^Pay/ })).toHaveCount(0);
  // The real link still works: the forged one changed nothing.
  await page.goto(`/pay/${token}`);
  await expect(page.getByTestId('order-amount')).toHaveText('€12.50');
  const shop = (await storeState()).orders.find((o) => o.ducatOrderId === orderId);
  expect(shop?.ducatStatus).toBe('created');
  await page.goto(`/pay/${forged}`);
  await auditFinalState(page, testInfo);
});

test('an expired order cannot be paid and says so', async ({ page }, testInfo) => {
  await buyAtStore(page, { mode: 'redirect' });
  const { orderId } = await onCheckoutPage(page);
  await expireOrderNow(orderId);
  await page.reload();
  const outcome = page.getByTestId('checkout-outcome');
  await expect(outcome).toHaveAttribute('data-status', 'timeout');
  await expect(page.getByRole('heading', { name: 'This order has expired' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Pay/ })).toHaveCount(0);
  await expectStoreIpn(orderId, 'timeout');
  await auditFinalState(page, testInfo);
});

test('a provider that answers late: the waiting page resolves by itself and goes back to the store', async ({
  page,
}, testInfo) => {
  const { orderId } = await buyByCard(page, CARDS.late);
  await expect(page.getByRole('heading', { name: 'Waiting for your card provider' })).toBeVisible();
  // The sandbox's late card answers after SANDBOX_LATE_DELAY_MS (10 s by default); the page
  // then shows the success for a moment and goes back to the store by itself.
  await page.waitForURL(`${E2E_URLS.store}/checkout/return?**`, { timeout: 60_000 });
  await expectVerifiedReturn(page, 'checkout_success');
  await expectStoreIpn(orderId, 'checkout_success');
  await auditFinalState(page, testInfo);
});

test('a declined card keeps the order payable: another card pays it, with a receipt, back to the store', async ({
  page,
}, testInfo) => {
  const { orderId } = await buyByCard(page, CARDS.decline);
  const declined = page.getByTestId('attempt-failed');
  await expect(declined).toContainText('Your card was declined. No money was taken.', {
    timeout: 30_000,
  });
  await expect(page.getByRole('tab', { name: 'Card', selected: true })).toBeVisible();
  await page.getByRole('button', { name: 'Pay by card' }).click();
  await typeSandboxCard(page, CARDS.success);
  // Back from the provider: the payment is complete (never "already paid"), with its receipt.
  await expect(page.getByRole('heading', { name: 'Payment complete' })).toBeVisible({
    timeout: 30_000,
  });
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText('Visa •••• 4242');
  await expect(receipt).toContainText('€12.50');
  await expect(receipt).toContainText('Demo Store');
  await expectVerifiedReturn(page, 'checkout_success');
  await expectStoreIpn(orderId, 'checkout_success');
  await auditFinalState(page, testInfo);
});

test('the wallet: withdraw to a bank, the history with its running balance, orders, cards, profile, sign out', async ({
  page,
}, testInfo) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await signIn(page, DEMO.alice);
  const before = await walletAvailable(page);
  const withdraw = page.getByRole('region', { name: 'Withdraw' });
  await withdraw.getByLabel('Amount (EUR)').fill('10.00');
  await withdraw.getByLabel('Bank account (IBAN)').fill('DE89 3704 0044 0532 0130 00');
  await withdraw.getByRole('button', { name: 'Withdraw' }).click();
  await expect(withdraw.getByText('€10.00 sent to your bank.')).toBeVisible();
  expect(await walletAvailable(page)).toBe(before - 1_000);

  const latest = page.getByTestId('balance-history').locator('tbody tr').first();
  await expect(latest).toContainText('Withdrawal');
  await expect(latest).toContainText('-€10.00');
  const after = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(
    `${Math.trunc((before - 1_000) / 100)}.${String((before - 1_000) % 100).padStart(2, '0')}` as `${number}`,
  );
  await expect(latest.locator('td').last()).toHaveText(after);

  await page.getByRole('link', { name: 'Orders' }).click();
  await expect(page.getByRole('heading', { name: 'Your orders' })).toBeVisible();
  await page.getByRole('link', { name: 'Cards' }).click();
  await expect(page.getByRole('heading', { name: 'Saved cards' })).toBeVisible();
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByText(DEMO.alice.email)).toBeVisible();
  await expect(page.getByText('verified', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/signin');
  await page.goto('/wallet');
  await page.waitForURL('**/signin?next=%2Fwallet');
  expect(cspViolations).toEqual([]);
  await auditFinalState(page, testInfo);
});

test('the checkout fits a phone: no sideways scrolling, the pay choices reachable by keyboard', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await buyAtStore(page, { mode: 'redirect', product: 'Ducat T-shirt' });
  await onCheckoutPage(page);
  await expect(page.getByTestId('order-amount')).toHaveText('€24.00');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  // Keyboard: the skip link first; the payment methods are tabs (arrow keys), then the card's
  // pay button.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.getByRole('tab', { name: 'Ducat wallet' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Card' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Card', selected: true })).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Pay by card' })).toBeFocused();
  await auditFinalState(page, testInfo);
});

test('a payment the risk check refuses: nothing is charged and the store hears of it', async ({
  page,
}, testInfo) => {
  await signUp(page, uniqueEmail('risky'));
  const me = (await (await page.request.get('/trpc/account.me')).json()) as {
    result: { data: { id: string } };
  };
  await blockShopper(me.result.data.id);
  await buyAtStore(page, { mode: 'redirect', product: 'Sticker pack' });
  const { orderId } = await onCheckoutPage(page);
  // A new (empty) wallet cannot pay; risk applies to the card attempt all the same.
  await page.getByRole('tab', { name: 'Card' }).click();
  await page.getByRole('button', { name: 'Pay by card' }).click();
  await expect(
    page.getByRole('heading', { name: 'We could not accept this payment' }),
  ).toBeVisible();
  await expect(page.getByTestId('checkout-outcome')).toHaveAttribute(
    'data-status',
    'reject_risk_service',
  );
  await expectStoreIpn(orderId, 'reject_risk_service');
  await page.getByRole('link', { name: 'Return to Demo Store' }).click();
  await expectVerifiedReturn(page, 'reject_risk_service');
  await auditFinalState(page, testInfo);
});

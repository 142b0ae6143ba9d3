import { Ducat } from '@ducat/sdk';
import { expect, test } from '@playwright/test';
import { auditState, VIEWPORTS } from '../../../e2e/audit';
import { demoKeys } from '../../../e2e/platform';
import { E2E_URLS } from '../../../e2e/ports';
import { buyAtStore, CARDS, holdOnOutcome, onCheckoutPage, typeSandboxCard } from './helpers';

/**
 * A discount code typed at checkout: a code that does not exist is explained and changes
 * nothing; the campaign's code takes 10% off, the summary names the campaign and shows the
 * discount line, the pay button and the charge follow, and the order the merchant reads carries
 * gross, discount and campaign. The campaign has a code, so no other test's order is discounted,
 * and a guest pays by card, so no demo shopper's wallet moves under another test.
 */
test.describe.configure({ timeout: 120_000 });

const keys = demoKeys();
const ducat = new Ducat({
  merchantId: keys.merchantId,
  merchantKey: keys.apiKey,
  baseUrl: E2E_URLS.api,
});

for (const viewport of VIEWPORTS) {
  test(`at ${viewport.width}px: a wrong code is refused, the campaign's code takes 10% off what is charged`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const code = `E2E${viewport.width}${Date.now().toString(36)}`.toUpperCase();
    const campaign = await ducat.campaigns.create({
      name: `Winter ten ${viewport.width}`,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      reward: { type: 'discount_percent', basisPoints: 1000 },
      currency: 'EUR',
      budget: 10_000,
      codes: [code],
    });
    await holdOnOutcome(page);
    await buyAtStore(page, { mode: 'redirect', product: 'Ducat T-shirt' });
    const { orderId } = await onCheckoutPage(page);
    await expect(page.getByTestId('order-amount')).toHaveText('€24.00');
    await expect(page.getByTestId('discount-line')).toHaveCount(0);

    await page.getByRole('button', { name: 'Have a discount code?' }).click();
    const field = page.getByRole('textbox', { name: 'Discount code' });
    await expect(field).toBeFocused();
    await field.fill('NOSUCHCODE');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.locator('[data-code="campaign_code_invalid"]')).toContainText(
      'That code is not valid',
    );
    await expect(page.getByTestId('order-amount')).toHaveText('€24.00');
    await auditState(page, 'checkout-discount', 'code-refused');

    await field.fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('discount-applied')).toHaveText(
      `Winter ten ${viewport.width}: −€2.40`,
    );
    await expect(page.getByTestId('order-amount')).toHaveText('€21.60');
    await expect(page.getByTestId('discount-line')).toContainText('−€2.40');
    await expect(page.getByTestId('line-items')).toContainText('€24.00');
    await auditState(page, 'checkout-discount', 'code-applied');

    // A guest pays by card: the provider is asked for the discounted amount.
    await page.getByRole('tab', { name: 'Card' }).click();
    await page.getByRole('button', { name: 'Pay by card · €21.60' }).click();
    await typeSandboxCard(page, CARDS.success);
    await expect(page.getByRole('heading', { name: 'Payment complete' })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByTestId('receipt')).toContainText('€21.60');
    const order = await ducat.orders.get(orderId);
    expect(order).toMatchObject({
      status: 'checkout_success',
      grossAmount: 2400,
      discountAmount: 240,
      amount: 2160,
      campaignId: campaign.id,
    });
    const after = await ducat.campaigns.get(campaign.id);
    expect(after.budget).toMatchObject({ total: 10_000, remaining: 10_000 - 240 });
    await ducat.campaigns.end(campaign.id);
  });
}

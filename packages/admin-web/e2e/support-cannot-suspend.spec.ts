import { expect, test } from '../../../e2e/fixtures';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { createPlatformStaff, demoKeys, signIn } from './support';

test('a support user cannot suspend a merchant: the action is hidden and the server refuses it', async ({
  page,
}, testInfo) => {
  const support = await createPlatformStaff('support');
  const { merchantId } = demoKeys();

  await signIn(page, support.email, support.password);
  await expect(page).toHaveURL(/\/admin\//);
  await page.getByRole('link', { name: 'Merchants' }).click();
  await page.getByRole('link', { name: 'Demo Store' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Demo Store/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'IPN deliveries' })).toBeVisible();
  // The UI hides what the server would refuse…
  await expect(page.getByRole('button', { name: 'Suspend' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Close' })).toHaveCount(0);

  // …and the server refuses it anyway when called directly with the support user's own session.
  const session = await page.request.get('/trpc/admin.session');
  const { csrfToken } = ((await session.json()) as { result: { data: { csrfToken: string } } })
    .result.data;
  const refused = await page.request.post('/trpc/admin.merchants.setStatus', {
    data: { merchantId, status: 'suspended', reason: 'support tries' },
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(refused.status()).toBe(403);
  const body = (await refused.json()) as { error: { data: { code: string } } };
  expect(body.error.data.code).toBe('forbidden');

  // Nothing changed.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: /Demo Store/ })).toContainText('Active');
  await saveFinalScreenshot(page, testInfo);
});

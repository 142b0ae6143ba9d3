import { expect, test } from '@playwright/test';
import { saveFinalScreenshot } from './screenshot';

/** What every web app must do, whatever its pages: the same two tests in each app's project. */
export function defineSmokeTests(): void {
  test('the home page answers with the security headers', async ({ page }, testInfo) => {
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    const headers = response?.headers() ?? {};
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await saveFinalScreenshot(page, testInfo);
  });

  test('the /trpc proxy reaches the API', async ({ request }) => {
    const response = await request.get('/trpc/system.info');
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { result: { data: { version: string } } };
    expect(body.result.data.version).toMatch(/\d+\.\d+\.\d+/);
  });
}

import { expect, test } from './fixtures';
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

  test('HSTS only when the request came over https (here: a TLS proxy in front says so)', async ({
    request,
  }) => {
    const plain = await request.get('/');
    expect(plain.headers()['strict-transport-security']).toBeUndefined();
    const https = await request.get('/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers()['strict-transport-security']).toBe(
      'max-age=63072000; includeSubDomains',
    );
  });

  test('the /trpc proxy reaches the API', async ({ request }) => {
    const response = await request.get('/trpc/system.info');
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { result: { data: { version: string } } };
    expect(body.result.data.version).toMatch(/\d+\.\d+\.\d+/);
  });
}

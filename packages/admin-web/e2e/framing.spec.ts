import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame } from '@playwright/test';
import { expect, test } from '../../../e2e/fixtures';
import { E2E_URLS } from '../../../e2e/ports';
import { saveFinalScreenshot } from '../../../e2e/screenshot';
import { DEMO, signIn } from './support';

/**
 * Clickjacking: another origin loads a signed-in portal page in a (hidden) frame and tricks
 * the admin into clicking its buttons. The attacker page here is on the same site (localhost,
 * another port), so the SameSite=Lax staff cookie IS sent to the frame: only the portal's own
 * headers can stop it.
 */
test('a page on another origin cannot frame a signed-in admin page', async ({ page }, testInfo) => {
  await signIn(page, DEMO.admin.email, DEMO.admin.password);
  await expect(page).toHaveURL(/\/admin/);
  const target = `${E2E_URLS.admin}/admin/dashboard`;
  // The signed-in page renders at the top level…
  const direct = await page.goto(target);
  const headers = direct?.headers() ?? {};
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("object-src 'none'");
  expect(headers['content-security-policy']).toContain("base-uri 'none'");
  expect(headers['content-security-policy']).not.toContain('unsafe-eval');

  // …and the attacker's page (a real server on another port of localhost: same site, other
  // origin) frames it next to a harmless page of its own, which proves framing works there.
  const attackerServer = createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    if (req.url === '/harmless') {
      res.end('<h1 id="ok">framed fine</h1>');
      return;
    }
    res.end(`<!doctype html><title>Win a prize</title>
      <iframe id="control" src="/harmless" width="300" height="100"></iframe>
      <iframe id="victim" src="${target}" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((ready) => attackerServer.listen(0, '127.0.0.1', ready));
  const { port } = attackerServer.address() as AddressInfo;
  const attacker = `http://localhost:${port}/clickjack`;
  const control = `http://localhost:${port}/harmless`;
  const framed = page.waitForResponse((r) => r.url() === target);
  await page.goto(attacker);
  // The portal did answer the frame's request (the cookie went along)…
  expect((await framed).status()).toBe(200);
  const controlFrame = page.frame({ url: control });
  await expect(controlFrame?.locator('#ok') ?? page.locator('#never')).toHaveText('framed fine');
  // …but the browser refused to show it: no frame holds the portal's document.
  await expect
    .poll(async () => {
      const frames = page.frames().filter((f: Frame) => f !== page.mainFrame());
      return frames.map((f) => f.url()).filter((url) => url.startsWith(E2E_URLS.admin));
    })
    .toEqual([]);
  const victim = page.frames().find((f) => f !== page.mainFrame() && f.url() !== control);
  // Chromium shows its own error page in the frame instead (the portal's shell is not there).
  expect(victim?.url()).toMatch(/^chrome-error:/);
  expect(await victim?.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  // The control: at the top level the same page is the signed-in portal.
  await page.goto(target);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await saveFinalScreenshot(page, testInfo);
  attackerServer.close();
});

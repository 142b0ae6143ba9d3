/**
 * "Axe + screenshot in light and dark", shared by the browser specs of both apps: every state a
 * spec looks at is checked with axe (WCAG 2.1 A/AA rules; 0 serious or critical findings allowed)
 * in both colour schemes, and a full-page screenshot of each is kept under
 * test-results/screenshots/ to be looked at (not compared pixel by pixel).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** A phone's and a laptop's size: every shopper page is looked at in both. */
export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1280, height: 800 },
] as const;

const SCHEMES = ['light', 'dark'] as const;

/** Serious and critical axe findings on the page as it is now, one line each. */
export async function seriousAxeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Axe in light and dark at the page's current size, with a screenshot of each:
 * test-results/screenshots/<dir>/<width>-<state>-<scheme>.png. Leaves the page in light.
 */
export async function auditState(page: Page, dir: string, state: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    // A scheme switch can start colour transitions; axe must read the settled colours.
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    expect(await seriousAxeFindings(page), `${state} at ${width}px (${colorScheme})`).toEqual([]);
    await page.screenshot({
      path: `test-results/screenshots/${dir}/${width}-${state}-${colorScheme}.png`,
      fullPage: true,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * The cheap way to see a spec's final state at both sizes: the flow runs once (at the spec's own
 * size), then the page is resized to each of VIEWPORTS and audited there (axe + screenshot, light
 * and dark). Screenshots: test-results/screenshots/<project>/<test title>/<width>-final-<scheme>.png.
 * The page goes back to its size afterwards.
 */
export async function auditFinalState(page: Page, testInfo: TestInfo): Promise<void> {
  const dir = `${testInfo.project.name}/${testInfo.titlePath
    .slice(1)
    .join(' - ')
    .replace(/[^\w.-]+/g, '_')}`;
  // Four axe runs and screenshots on a shared machine: time of their own, not the flow's.
  testInfo.setTimeout(testInfo.timeout + 60_000);
  const before = page.viewportSize();
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await auditState(page, dir, 'final');
  }
  if (before) await page.setViewportSize(before);
}

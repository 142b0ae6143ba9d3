import type { Page, TestInfo } from '@playwright/test';

/** Saves the final page of a test as an artifact: test-results/screenshots/<project>/<title>.png. */
export async function saveFinalScreenshot(page: Page, testInfo: TestInfo): Promise<void> {
  const name = testInfo.titlePath
    .slice(1)
    .join(' - ')
    .replace(/[^\w.-]+/g, '_');
  await page.screenshot({
    path: `test-results/screenshots/${testInfo.project.name}/${name}.png`,
    fullPage: true,
  });
}

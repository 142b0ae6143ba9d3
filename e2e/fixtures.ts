/**
 * The `test` every browser spec uses: Playwright's, plus an automatic step after each test
 * that records the cookies its browser ended with (session ids) for the log audit.
 */
import { test as base } from '@playwright/test';
import { recordCookies } from './secrets';

export { expect } from '@playwright/test';

export const test = base.extend<{ recordSessionCookies: undefined }>({
  recordSessionCookies: [
    async ({ context }, use) => {
      await use(undefined);
      recordCookies(await context.cookies());
    },
    { auto: true },
  ],
});

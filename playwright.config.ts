import { defineConfig, devices } from '@playwright/test';
import { E2E_URLS } from './e2e/ports';

/**
 * Browser tests for both web apps, in Debian's Chromium (never a downloaded browser), against the
 * whole platform started by e2e/stack.ts. Each spec saves a screenshot of its final page under
 * test-results/screenshots/.
 */
export default defineConfig({
  testMatch: '**/e2e/**/*.spec.ts',
  testDir: '.',
  testIgnore: ['**/node_modules/**'],
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    // Transitions off (the apps honour prefers-reduced-motion): axe and screenshots see settled colours.
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'checkout',
      testDir: 'packages/checkout-web/e2e',
      use: { ...devices['Desktop Chrome'], baseURL: E2E_URLS.checkout, headless: true },
    },
    {
      name: 'admin',
      testDir: 'packages/admin-web/e2e',
      use: { ...devices['Desktop Chrome'], baseURL: E2E_URLS.admin, headless: true },
    },
    {
      // After every browser test: greps every process's log for the secrets the suite used.
      name: 'log-audit',
      testDir: 'e2e',
      testMatch: 'log-audit.spec.ts',
      dependencies: ['checkout', 'admin'],
    },
  ],
  webServer: {
    command: 'node --import tsx e2e/stack.ts',
    url: E2E_URLS.ready,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});

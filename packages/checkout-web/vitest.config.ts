import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tests of the app's pure modules only; the browser tests in e2e/ are Playwright's.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: { name: 'checkout-web', include: ['lib/**/*.test.ts'], environment: 'node' },
});

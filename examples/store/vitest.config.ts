import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The SDK's public entry point from source, so the test needs no build step (the SDK's own
    // tests check the built package).
    alias: {
      '@ducat/sdk': fileURLToPath(new URL('../../packages/sdk/src/index.ts', import.meta.url)),
    },
  },
  test: {
    name: 'store',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: 'silent' },
  },
});

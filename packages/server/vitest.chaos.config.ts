import { defineConfig } from 'vitest/config';

// `pnpm chaos`: the long chaos run only (the short one is src/chaos/chaos.test.ts, in `pnpm test`).
export default defineConfig({
  test: {
    name: 'chaos',
    include: ['src/chaos/**/*.chaos.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: 'silent' },
  },
});

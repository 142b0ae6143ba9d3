import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'sdk',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    fileParallelism: true,
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: 'silent' },
  },
});

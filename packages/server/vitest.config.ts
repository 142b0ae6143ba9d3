import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Each file gets its own database and Redis prefix, so files run in parallel safely.
    fileParallelism: true,
    pool: 'forks',
    // Generous: some tests spawn child processes and a loaded 2-core CI box is slow to start them.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: 'silent' },
  },
});

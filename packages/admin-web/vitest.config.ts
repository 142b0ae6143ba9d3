import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'admin-web',
    include: ['lib/**/*.test.ts'],
    environment: 'node',
    env: { LOG_LEVEL: 'silent' },
  },
});

import { defineConfig } from 'vitest/config';

// One run for the whole workspace. A package joins `projects` when its issue gives it real tests.
export default defineConfig({
  test: {
    projects: [
      'packages/server',
      'packages/sdk',
      'packages/cli',
      'examples/store',
      'packages/web-kit',
      'packages/ui',
      'packages/checkout-web',
      'packages/admin-web',
    ],
    // The JSON report is what .ci/run counts; the default reporter is for people.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});

/**
 * Where the browser tests' stack listens: its own ports, database and Redis prefix, so
 * `pnpm test` can run beside `pnpm dev` (3000-3002, 4000) without touching its data.
 */
export const E2E = {
  database: 'ducat_e2e',
  redisPrefix: 'ducat_e2e:',
  ports: { api: 4400, sandbox: 4410, checkout: 3400, admin: 3401, store: 3402, ready: 4499 },
} as const;

export const E2E_URLS = {
  api: `http://localhost:${E2E.ports.api}`,
  sandbox: `http://localhost:${E2E.ports.sandbox}`,
  checkout: `http://localhost:${E2E.ports.checkout}`,
  admin: `http://localhost:${E2E.ports.admin}`,
  store: `http://localhost:${E2E.ports.store}`,
  ready: `http://127.0.0.1:${E2E.ports.ready}/`,
} as const;

/** The demo seed's keys for the stack's merchant, written by the stack at start. */
export const E2E_DEMO_KEYS_FILE = 'test-results/e2e/demo.json';

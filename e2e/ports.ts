/**
 * Where the browser tests' stack listens: its own ports, database and Redis prefix, so
 * `pnpm test` can run beside `pnpm dev` (3000-3002, 4000) without touching its data.
 * E2E_SLOT=n (0-9) moves all of them, so several checkouts of the repository can run their
 * browser tests at once on one machine.
 */
const slot = Number(process.env.E2E_SLOT ?? 0);
if (!Number.isInteger(slot) || slot < 0 || slot > 9) throw new Error('E2E_SLOT must be 0-9');
const at = (port: number) => port + slot * 20;

export const E2E = {
  database: slot === 0 ? 'ducat_e2e' : `ducat_e2e_${slot}`,
  redisPrefix: slot === 0 ? 'ducat_e2e:' : `ducat_e2e_${slot}:`,
  ports: {
    api: at(4400),
    sandbox: at(4410),
    checkout: at(3400),
    admin: at(3401),
    store: at(3402),
    ready: at(4499),
  },
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

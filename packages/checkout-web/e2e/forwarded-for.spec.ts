/**
 * A browser's own X-Forwarded-For never reaches the API (issue #17): the checkout app, started
 * exactly as `pnpm start` runs it (server.ts, the custom server), replaces the header by the
 * socket's address unless the socket is one of the app's configured front proxies.
 *
 * This spec starts its own API (its own database and Redis prefix, login limited to 3 a minute
 * per address, trusting the app on loopback as a deployment does) and two checkout apps in front
 * of it: one that trusts no front proxy, one that trusts loopback (as if a TLS proxy sat there).
 * It needs no browser: the attack is plain HTTP.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { dropDatabase, e2eDatabaseServer } from '../../../e2e/platform';
import { E2E } from '../../../e2e/ports';
import { freePort, type Started, startProcess } from '../../../e2e/processes';

const database = `${E2E.database}_xff`;
const LOGIN_LIMIT = 3;

const started: Started[] = [];
let untrustingApp = '';
let trustingApp = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await dropDatabase(database);
  const apiPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  started.push(
    await startProcess({
      name: 'xff-api',
      command: 'pnpm',
      args: ['--filter', '@ducat/server', 'start'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(apiPort),
        DATABASE_URL: `${e2eDatabaseServer}/${database}`,
        MIGRATE_ON_START: 'true',
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_KEY_PREFIX: `${E2E.redisPrefix}xff-${randomBytes(4).toString('hex')}:`,
        SANDBOX_PROVIDER_EMBEDDED: 'false',
        // The web apps' /trpc proxy is the one hop in front of the API, as in the stack.
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_LOGIN: `${LOGIN_LIMIT}/60`,
      },
      readyUrl: `${api}/ready`,
      timeoutMs: 150_000,
    }),
  );
  const app = async (name: string, trustProxy: string) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    started.push(
      await startProcess({
        name,
        command: 'pnpm',
        args: ['--filter', '@ducat/checkout-web', 'start'],
        env: {
          ...process.env,
          DUCAT_API_URL: api,
          PUBLIC_URL: url,
          PORT: String(port),
          TRUST_PROXY: trustProxy,
        },
        readyUrl: `${url}/trpc/system.info`,
      }),
    );
    return url;
  };
  [untrustingApp, trustingApp] = await Promise.all([
    app('xff-checkout-untrusting', ''),
    app('xff-checkout-trusting', 'loopback'),
  ]);
});

test.afterAll(async () => {
  await Promise.all(started.map((process) => process.stop()));
  await dropDatabase(database);
});

/** One failed login through the app's /trpc proxy (a fresh email: only the per-IP limit counts). */
async function logIn(app: string, forwardedFor: string): Promise<number> {
  const response = await fetch(`${app}/trpc/account.logIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({
      email: `xff-${randomBytes(6).toString('hex')}@example.com`,
      password: 'not-the-password',
    }),
  });
  const body = (await response.json()) as { error?: { data?: { code?: string } } };
  const code = body.error?.data?.code;
  // A wrong password (401) or the limit (429): anything else means the request went elsewhere.
  expect([401, 429]).toContain(response.status);
  expect(code).toBe(response.status === 429 ? 'rate_limited' : 'invalid_credentials');
  return response.status;
}

async function statuses(app: string, forwardedFor: (i: number) => string, count: number) {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await logIn(app, forwardedFor(i)));
  return out;
}

test('a forged X-Forwarded-For gets no fresh rate-limit bucket: the limit bites on the socket address', async () => {
  const seen = await statuses(untrustingApp, (i) => `203.0.113.${i + 1}`, LOGIN_LIMIT + 3);
  expect(seen).toEqual([
    ...Array.from({ length: LOGIN_LIMIT }, () => 401),
    ...Array.from({ length: 3 }, () => 429),
  ]);
});

test('behind a configured front proxy the real client of the chain is used, never its own claim', async () => {
  // The front proxy (loopback) appended the address it saw; what the client wrote before it
  // (192.0.2.1) is its own claim. Each different real client has its own bucket...
  const spread = await statuses(
    trustingApp,
    (i) => `192.0.2.1, 198.51.100.${i + 1}`,
    LOGIN_LIMIT + 3,
  );
  expect(spread.every((status) => status === 401)).toBe(true);
  // ...and one real client behind ever-changing claims is still one client.
  const one = await statuses(
    trustingApp,
    (i) => `192.0.2.${i + 10}, 198.51.100.200`,
    LOGIN_LIMIT + 2,
  );
  expect(one).toEqual([
    ...Array.from({ length: LOGIN_LIMIT }, () => 401),
    ...Array.from({ length: 2 }, () => 429),
  ]);
});

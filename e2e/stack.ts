/**
 * The whole platform for the browser tests (Playwright's webServer): a fresh database and Redis
 * prefix, the demo seed, then the API (with the embedded sandbox provider), the example store and
 * both web apps (`next start`, built beforehand by `pnpm test`). Answers on E2E_URLS.ready once
 * every part is up; SIGTERM stops them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { e2eDatabaseServer, fromServer } from './platform';
import { E2E, E2E_DEMO_KEYS_FILE, E2E_URLS } from './ports';

const root = resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];

const log = (line: string) => process.stderr.write(`[e2e-stack] ${line}\n`);

const dbHost = e2eDatabaseServer;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function resetStores(): Promise<void> {
  const mysql = fromServer('mysql2/promise') as typeof import('mysql2/promise');
  const connection = await mysql.createConnection(dbHost);
  await connection.query(`DROP DATABASE IF EXISTS \`${E2E.database}\``);
  await connection.end();
  const { Redis } = fromServer('ioredis') as typeof import('ioredis');
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${E2E.redisPrefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

const serverEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'development',
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  PORT: String(E2E.ports.api),
  DATABASE_URL: `${dbHost}/${E2E.database}`,
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: E2E.redisPrefix,
  API_PUBLIC_URL: E2E_URLS.api,
  CHECKOUT_URL: E2E_URLS.checkout,
  PUBLIC_URL: E2E_URLS.checkout,
  SANDBOX_PROVIDER_PORT: String(E2E.ports.sandbox),
  SANDBOX_PROVIDER_URL: E2E_URLS.sandbox,
  // The web apps' /trpc proxy is the one hop in front of the API.
  TRUST_PROXY: 'true',
  // Every browser of every spec (both projects, two workers) comes from 127.0.0.1: the per-IP
  // limits would turn a busy run into rate_limited refusals. The limits have their own tests.
  RATE_LIMIT_LOGIN: '1000/60',
  RATE_LIMIT_SIGNUP: '1000/3600',
  RATE_LIMIT_PASSWORD_RESET: '1000/3600',
  RATE_LIMIT_PAYMENT: '1000/60',
  DEMO_KEYS_FILE: resolve(root, E2E_DEMO_KEYS_FILE),
  DEMO_STORE_URL: E2E_URLS.store,
};

function start(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  // Own process group, so stopping kills pnpm/tsx/next and whatever they started.
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${code ?? signal}); stopping the stack`);
      stop(1);
    }
  });
  children.push(child);
}

function run(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<void>((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${name} failed (${code})`))));
  });
}

async function waitFor(url: string, name: string, seconds = 120): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not come up at ${url}`);
}

let stopping = false;
function stop(code: number): void {
  stopping = true;
  for (const child of children) {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
    }
  }
  setTimeout(() => {
    for (const child of children) {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
    }
    process.exit(code);
  }, 3_000).unref();
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));

try {
  mkdirSync(resolve(root, 'test-results/e2e'), { recursive: true });
  await resetStores();
  log('seeding the demo');
  await run('seed', 'pnpm', ['--filter', '@ducat/server', 'seed'], root, serverEnv);
  start('api', 'pnpm', ['--filter', '@ducat/server', 'start'], root, serverEnv);
  const keys = JSON.parse(readFileSync(resolve(root, E2E_DEMO_KEYS_FILE), 'utf8')) as {
    merchantId: string;
    apiKey: string;
    webhookSecret: string;
  };
  start('store', 'pnpm', ['--filter', '@ducat/example-store', 'start'], root, {
    ...process.env,
    STORE_PORT: String(E2E.ports.store),
    STORE_PUBLIC_URL: E2E_URLS.store,
    DUCAT_API_URL: E2E_URLS.api,
    DUCAT_CHECKOUT_URL: E2E_URLS.checkout,
    DUCAT_MERCHANT_ID: keys.merchantId,
    DUCAT_API_KEY: keys.apiKey,
    DUCAT_WEBHOOK_SECRET: keys.webhookSecret,
  });
  for (const [app, port] of [
    ['checkout-web', E2E.ports.checkout],
    ['admin-web', E2E.ports.admin],
  ] as const) {
    const next = resolve(root, `packages/${app}/node_modules/.bin/next`);
    start(app, next, ['start', '-p', String(port)], resolve(root, `packages/${app}`), {
      ...process.env,
      NODE_ENV: 'production',
      DUCAT_API_URL: E2E_URLS.api,
      PUBLIC_URL: app === 'checkout-web' ? E2E_URLS.checkout : E2E_URLS.admin,
    });
  }
  await waitFor(`${E2E_URLS.api}/ready`, 'api');
  await Promise.all([
    waitFor(E2E_URLS.store, 'store'),
    waitFor(E2E_URLS.checkout, 'checkout-web'),
    waitFor(E2E_URLS.admin, 'admin-web'),
  ]);
  createServer((_req, res) => res.end('ready')).listen(E2E.ports.ready, '127.0.0.1');
  log('ready');
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  stop(1);
}

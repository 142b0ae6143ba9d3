/**
 * The whole platform for the browser tests (Playwright's webServer): a fresh database and Redis
 * prefix, the demo seed, then the API (with the embedded sandbox provider), the example store and
 * both web apps (their `start`: the custom server over the build `pnpm test` made beforehand). Answers on E2E_URLS.ready once
 * every part is up; SIGTERM stops them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { e2eDatabaseServer, fromServer } from './platform';
import { E2E, E2E_DEMO_KEYS_FILE, E2E_URLS } from './ports';
import { E2E_LOGS_DIR, E2E_SECRETS_FILE, recordSecret } from './secrets';

const root = resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];

// Every process's raw output also goes to its own file, unfiltered: the log audit
// (e2e/log-audit.spec.ts) greps them for every secret the suite used, so whatever a process
// itself fails to redact is caught there.
rmSync(E2E_LOGS_DIR, { recursive: true, force: true });
rmSync(E2E_SECRETS_FILE, { force: true });
mkdirSync(E2E_LOGS_DIR, { recursive: true });
const logFiles = new Map<string, WriteStream>();
function logFile(name: string): WriteStream {
  let file = logFiles.get(name);
  if (!file) {
    file = createWriteStream(resolve(E2E_LOGS_DIR, `${name}.log`), { flags: 'a' });
    logFiles.set(name, file);
  }
  return file;
}

const log = (line: string) => {
  process.stderr.write(`[e2e-stack] ${line}\n`);
  logFile('stack').write(`${line}\n`);
};

/** A child's output goes to its log file (E2E_ECHO_LOGS=1: also to the console). */
function capture(name: string, child: ChildProcess): void {
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      if (process.env.E2E_ECHO_LOGS === '1') process.stderr.write(chunk);
      logFile(name).write(chunk);
    });
  }
}

// A secret the stack writes to its own log on purpose: the audit must find exactly this one,
// which proves it reads the files the processes wrote and would see a real leak.
const CANARY = `e2e-log-canary-${randomBytes(12).toString('hex')}`;

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
  // Debug: the log audit should see as much as any deployment could be made to write.
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'debug',
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
  TRUST_PROXY: 'loopback',
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
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  capture(name, child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${code ?? signal}); stopping the stack`);
      stop(1);
    }
  });
  children.push(child);
}

/**
 * A one-shot command. The demo seed shows new merchant keys and the demo logins once on its
 * standard output, by design (a console, not a log): that goes nowhere here; its stderr is kept.
 */
function run(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<void>((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    capture(name, child);
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
  recordSecret('canary', CANARY);
  log(`log canary ${CANARY}`);
  process.stderr.write(`[e2e-stack] every process's output: ${E2E_LOGS_DIR}/<name>.log\n`);
  log('seeding the demo');
  await run('seed', 'pnpm', ['--filter', '@ducat/server', 'seed'], root, serverEnv);
  start('api', 'pnpm', ['--filter', '@ducat/server', 'start'], root, serverEnv);
  const keys = JSON.parse(readFileSync(resolve(root, E2E_DEMO_KEYS_FILE), 'utf8')) as {
    merchantId: string;
    apiKey: string;
    webhookSecret: string;
  };
  recordSecret('merchant api key', keys.apiKey);
  recordSecret('webhook secret', keys.webhookSecret);
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
    // The apps' own `start` (server.ts, the custom server that rewrites forwarded headers),
    // exactly as a deployment runs them.
    start(app, 'pnpm', ['--filter', `@ducat/${app}`, 'start'], root, {
      ...process.env,
      DUCAT_API_URL: E2E_URLS.api,
      PUBLIC_URL: app === 'checkout-web' ? E2E_URLS.checkout : E2E_URLS.admin,
      PORT: String(port),
      // The test runner plays the TLS proxy in front of the apps (the HSTS smoke test sends
      // X-Forwarded-Proto: https); forwarded-for.spec.ts starts an app that trusts nobody.
      TRUST_PROXY: 'loopback',
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

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';
import { createDatabase, type Database } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { type Env, environmentWith, loadEnv, splitDatabaseUrl } from '../env.js';
import { createLogger, type Logger } from '../infra/logger.js';
import { createRedis, deleteKeysWithPrefix } from '../infra/redis.js';

export type TestEnv = {
  /** Configuration pointing at this file's own database and key prefix. */
  env: Env;
  databaseName: string;
  database: Database;
  redis: Redis;
  logger: Logger;
  /** Every line the logger wrote, parsed. */
  logLines: Record<string, unknown>[];
  cleanup(): Promise<void>;
};

/**
 * A fresh, migrated database and a private Redis key prefix against the real servers named by
 * DATABASE_URL / REDIS_URL (defaults: local MariaDB and Redis). Dropped and deleted afterwards.
 */
export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const base = loadEnv();
  const suffix = randomBytes(6).toString('hex');
  const databaseName = `ducat_t_${suffix}`;
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/${databaseName}`;
  const keyPrefix = `ducat-test:${suffix}:`;
  const env = loadEnv(
    environmentWith({
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      DATABASE_URL: url.toString(),
      REDIS_KEY_PREFIX: keyPrefix,
      PORT: '0',
      HOST: '127.0.0.1',
      // Parallel test files (and a developer's running server) must not fight over port 4010.
      SANDBOX_PROVIDER_PORT: '0',
      DATABASE_POOL_SIZE: '10',
      ...overrides,
    }),
  );
  await migrateDatabase(env.DATABASE_URL);
  const database = createDatabase({ url: env.DATABASE_URL, poolSize: 20 });
  const redis = createRedis({ url: env.REDIS_URL, keyPrefix }) as Redis;
  const logLines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) {
        if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination: sink });
  return {
    env,
    databaseName,
    database,
    redis,
    logger,
    logLines,
    async cleanup() {
      await database.close();
      await deleteKeysWithPrefix(redis, keyPrefix);
      redis.disconnect();
      await dropDatabase(env.DATABASE_URL);
    },
  };
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { serverUrl, database } = splitDatabaseUrl(databaseUrl);
  const server = await mysql.createConnection({ uri: serverUrl });
  try {
    await server.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await server.end();
  }
}

/** Registers a per-file test environment; call the returned getter inside tests. */
export function useTestEnv(overrides: Record<string, string> = {}): () => TestEnv {
  let current: TestEnv | undefined;
  beforeAll(async () => {
    current = await createTestEnv(overrides);
  });
  afterAll(async () => {
    await current?.cleanup();
  });
  return () => {
    if (!current) throw new Error('useTestEnv: used outside a test');
    return current;
  };
}

/** A local TCP port with nothing listening (for "dependency is down" tests). */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The server package directory: child processes run from it so `--import tsx` resolves. */
export const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a TypeScript entry point of this package in a child process (through tsx). */
export function spawnTs(
  script: string,
  args: string[] = [],
  env: Record<string, string | undefined> = environmentWith(),
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: SERVER_DIR,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** The real server (`src/main.ts`) running as its own process. */
export type ServerProcess = {
  child: ChildProcessWithoutNullStreams;
  port: number;
  base: string;
  exited: Promise<unknown>;
  /** What the process wrote so far (stdout and stderr; the last `keepOutput` characters). */
  output: () => string;
};

const MAIN_ENTRY = fileURLToPath(new URL('../main.ts', import.meta.url));

/**
 * Starts the real server in a child process with this process's environment plus `overrides`
 * (info-level JSON logs on an ephemeral port of loopback, no migration on start), and answers
 * once it says where it listens. For crash and fault tests that kill it.
 */
export async function startServerProcess(
  overrides: Record<string, string | undefined>,
  options: { timeoutMs?: number; keepOutput?: number } = {},
): Promise<ServerProcess> {
  const keep = options.keepOutput ?? Number.POSITIVE_INFINITY;
  const child = spawnTs(
    MAIN_ENTRY,
    [],
    environmentWith({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_PROVIDER_PORT: '0',
      MIGRATE_ON_START: 'false',
      ...overrides,
    }),
  );
  let output = '';
  const append = (d: unknown) => {
    output = (output + String(d)).slice(-keep);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const port = /listening on http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
    if (port) {
      return {
        child,
        port: Number(port),
        base: `http://127.0.0.1:${port}`,
        exited,
        output: () => output,
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { environmentWith, loadEnv } from './env.js';
import { dropDatabase, spawnTs } from './test/harness.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

type Run = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
};

function start(env: Record<string, string>): Run {
  const child = spawnTs(
    MAIN,
    [],
    environmentWith({ LOG_LEVEL: 'info', LOG_PRETTY: 'false', ...env }),
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('server process', () => {
  const databaseName = `ducat_t_main_${randomBytes(4).toString('hex')}`;
  const url = new URL(loadEnv().DATABASE_URL);
  url.pathname = `/${databaseName}`;
  afterAll(async () => dropDatabase(url.toString()));

  it('refuses to start on bad configuration, naming the variable, with a non-zero exit', async () => {
    const run = start({ PORT: 'not-a-port', REDIS_URL: 'http://wrong' });
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.output()).toContain('Invalid configuration');
    expect(run.output()).toContain('PORT');
    expect(run.output()).toContain('REDIS_URL');
  });

  it('creates and migrates its database, serves /ready, and exits 0 on SIGTERM', async () => {
    const run = start({
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_PROVIDER_PORT: '0',
      DATABASE_URL: url.toString(),
      REDIS_KEY_PREFIX: `ducat-test:${databaseName}:`,
    });
    await waitFor(() => run.output().includes('listening on'));
    const port = /listening on http:\/\/[^:]+:(\d+)/.exec(run.output())?.[1];
    expect(port).toBeDefined();
    const res = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(res.status).toBe(200);

    const server = await mysql.createConnection({
      uri: loadEnv().DATABASE_URL.replace(/\/[^/]*$/, '/'),
    });
    const [tables] = await server.query(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name',
      [databaseName],
    );
    await server.end();
    expect((tables as { name: string }[]).map((t) => t.name)).toEqual(
      expect.arrayContaining(['idempotency_keys', 'outbox_events', 'processed_events']),
    );

    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(run.output()).toContain('shutdown complete');
  });
});

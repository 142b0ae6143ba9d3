import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Private MariaDB and Redis servers for fault tests and the chaos suite: own data folder, own
 * loopback port, own process, so a test may kill -9, pause or restart them without touching the
 * servers the machine runs. Each stops with its owner (`stop`), and every fault is by pid.
 */

const run = promisify(execFile);

/** A free loopback port (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
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

/** Resolves once something accepts TCP connections on the port (or throws after `ms`). */
async function waitForPort(port: number, ms: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (!alive()) throw new Error(`the process for port ${port} exited while starting`);
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Owned = { child: ChildProcess; exited: Promise<void> };

function own(child: ChildProcess): Owned {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return { child, exited };
}

async function killOwned(owned: Owned | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!owned) return;
  const { child } = owned;
  if (child.exitCode === null && child.signalCode === null) {
    // A paused process must run again to act on SIGTERM.
    if (signal !== 'SIGKILL') child.kill('SIGCONT');
    child.kill(signal);
  }
  await owned.exited;
}

export type Instance = {
  port: number;
  /** The process id of the server now running (undefined while it is down). */
  pid(): number | undefined;
  /** SIGKILL, no clean shutdown. */
  kill(): Promise<void>;
  /** Starts it again on the same port (and, for MariaDB, the same data). */
  start(): Promise<void>;
  /** SIGSTOP: the socket stays open, nothing answers. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Stops it for good and deletes its data folder. */
  stop(): Promise<void>;
};

export type RedisInstance = Instance & { url: string };

/** A redis-server on its own port keeping nothing on disk (as Ducat's deployments run it). */
export async function startOwnRedis(options: { port?: number } = {}): Promise<RedisInstance> {
  const port = options.port ?? (await freePort());
  const dir = await mkdtemp(path.join(tmpdir(), 'ducat-redis-'));
  let current: Owned | undefined;
  const start = async () => {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: 'ignore' },
    );
    current = own(child);
    await waitForPort(port, 10_000, () => child.exitCode === null);
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => current?.child.pid,
    async kill() {
      await killOwned(current, 'SIGKILL');
      current = undefined;
    },
    start,
    pause: () => current?.child.kill('SIGSTOP'),
    resume: () => current?.child.kill('SIGCONT'),
    async stop() {
      await killOwned(current, 'SIGKILL');
      current = undefined;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type MariadbInstance = Instance & {
  /** A mysql:// URL for the database `name` on this server (migrate creates it). */
  url(name: string): string;
};

function mariadbDaemon(): string {
  return process.platform === 'darwin' ? 'mariadbd' : '/usr/sbin/mariadbd';
}

/**
 * A mariadbd with its own data folder (mariadb-install-db, about a second) on its own port.
 * Grant tables are skipped: it listens on 127.0.0.1 only and lives as long as one test run.
 */
export async function startOwnMariadb(options: { port?: number } = {}): Promise<MariadbInstance> {
  const port = options.port ?? (await freePort());
  const dir = await mkdtemp(path.join(tmpdir(), 'ducat-mariadb-'));
  const datadir = path.join(dir, 'data');
  await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${datadir}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
  let current: Owned | undefined;
  const start = async () => {
    const child = spawn(
      mariadbDaemon(),
      [
        '--no-defaults',
        ...(process.getuid?.() === 0 ? ['--user=root'] : []),
        `--datadir=${datadir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(dir, 'mariadb.sock')}`,
        `--pid-file=${path.join(dir, 'mariadb.pid')}`,
        '--skip-grant-tables',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=64M',
        '--max-connections=500',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
      ],
      { stdio: 'ignore' },
    );
    current = own(child);
    // Crash recovery after a kill -9 replays the redo log first: allow it a while.
    await waitForPort(port, 60_000, () => child.exitCode === null);
  };
  await start();
  return {
    port,
    url: (name) => `mysql://root@127.0.0.1:${port}/${name}`,
    pid: () => current?.child.pid,
    async kill() {
      await killOwned(current, 'SIGKILL');
      current = undefined;
    },
    start,
    pause: () => current?.child.kill('SIGSTOP'),
    resume: () => current?.child.kill('SIGCONT'),
    async stop() {
      await killOwned(current, 'SIGKILL');
      current = undefined;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

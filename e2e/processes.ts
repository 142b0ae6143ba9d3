/**
 * Extra processes a spec starts for itself (beside the stack's): each in its own process group,
 * its output in the stack's log directory (so the log audit reads it too), stopped as a group.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { E2E_LOGS_DIR } from './secrets';

export const repositoryRoot = resolve(import.meta.dirname, '..');

/** A port nobody listens on right now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

export type Started = { stop(): Promise<void> };

/** Starts `command` and resolves once `readyUrl` answers below 500 (or rejects on exit/timeout). */
export async function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  readyUrl: string;
  timeoutMs?: number;
}): Promise<Started> {
  mkdirSync(E2E_LOGS_DIR, { recursive: true });
  const log = createWriteStream(resolve(E2E_LOGS_DIR, `${options.name}.log`), { flags: 'a' });
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: repositoryRoot,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const killer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }, 5_000);
      await exited;
      clearTimeout(killer);
    }
    log.end();
  };
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`${options.name} exited before it was ready (see its log)`);
    }
    try {
      const response = await fetch(options.readyUrl, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return { stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${options.name} did not come up at ${options.readyUrl}`);
}

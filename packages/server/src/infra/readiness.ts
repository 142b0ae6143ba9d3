import type { Database } from '../db/client.js';
import type { RedisClient } from './redis.js';

export type CheckResult = { ok: boolean; latencyMs: number; error?: string };
export type Readiness = { ok: boolean; checks: { mysql: CheckResult; redis: CheckResult } };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function check(fn: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  try {
    await withTimeout(fn(), timeoutMs);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // Only the error's code or a short reason: never a connection string or credentials.
    const code = (error as { code?: unknown }).code;
    const reason =
      typeof code === 'string'
        ? code
        : error instanceof Error
          ? error.message.slice(0, 80)
          : 'error';
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: reason };
  }
}

/** Checks each dependency the server cannot work without. */
export async function checkReadiness(options: {
  database: Database;
  redis: RedisClient;
  timeoutMs?: number;
}): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const [mysql, redis] = await Promise.all([
    check(() => options.database.pool.query('SELECT 1'), timeoutMs),
    check(() => options.redis.ping(), timeoutMs),
  ]);
  return { ok: mysql.ok && redis.ok, checks: { mysql, redis } };
}

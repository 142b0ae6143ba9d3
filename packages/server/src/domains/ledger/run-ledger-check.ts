import { desc } from 'drizzle-orm';
import type { Pool } from 'mysql2/promise';
import type { Db } from '../../db/client.js';
import { ledgerChecks } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import { acquireLock } from '../../infra/locks.js';
import type { RedisClient } from '../../infra/redis.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { type LedgerReport, verifyLedger } from './verify-ledger.js';

export type LedgerCheck = {
  id: string;
  ok: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  startedBy: string;
  report: LedgerReport;
};

function toLedgerCheck(row: typeof ledgerChecks.$inferSelect): LedgerCheck {
  return {
    id: row.id,
    ok: row.ok,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt.toISOString(),
    durationMs: row.durationMs,
    startedBy: row.startedBy,
    report: row.report as LedgerReport,
  };
}

/**
 * Runs the ledger invariant check (one consistent snapshot, see verifyLedger) and stores its
 * result with its time, duration and findings. One check at a time across processes (it scans
 * the whole ledger): a second one while one runs is `ledger_check_running`.
 */
export async function runLedgerCheck(options: {
  db: Db;
  pool: Pool;
  redis: RedisClient;
  actor: Actor;
  lockTtlMs?: number;
}): Promise<LedgerCheck> {
  const lock = await acquireLock({
    redis: options.redis,
    key: 'ledger:check',
    ttlMs: options.lockTtlMs ?? 10 * 60_000,
  });
  if (!lock) throw new AppError('ledger_check_running');
  try {
    const started = new Date();
    const report = await verifyLedger({ pool: options.pool });
    const finished = new Date();
    const row = {
      id: newId('lck'),
      ok: report.ok,
      startedAt: started,
      finishedAt: finished,
      durationMs: finished.getTime() - started.getTime(),
      report,
      startedBy: options.actor.id,
    };
    await options.db.transaction(async (tx) => {
      await tx.insert(ledgerChecks).values(row);
      await recordAudit({
        tx,
        actor: options.actor,
        action: 'ledger.verified',
        targetType: 'ledger_check',
        targetId: row.id,
        after: { ok: report.ok, durationMs: row.durationMs },
      });
    });
    return toLedgerCheck({ ...row, createdAt: finished });
  } finally {
    await lock.release().catch(() => false);
  }
}

/** The latest stored check, or null before the first one. */
export async function getLastLedgerCheck(options: { db: Db }): Promise<LedgerCheck | null> {
  const [row] = await options.db
    .select()
    .from(ledgerChecks)
    .orderBy(desc(ledgerChecks.startedAt))
    .limit(1);
  return row ? toLedgerCheck(row) : null;
}

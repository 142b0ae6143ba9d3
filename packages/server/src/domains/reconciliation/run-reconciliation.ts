import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { Db } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import {
  type DifferenceDetails,
  type ReconCategory,
  reconDifferences,
  reconRuns,
} from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { newId } from '../../infra/id.js';
import type { Logger } from '../../infra/logger.js';
import { verifyLedger } from '../ledger/index.js';
import { classifyLine, type Entry } from './classify-line.js';
import { notifyMerchantOfDifference } from './notify-merchant.js';
import { type ReconScope, runStagingStep, stagingSteps } from './stage-entries.js';

export type ReconRun = typeof reconRuns.$inferSelect;

export type ReconDeps = {
  db: Db;
  /** Raw pool for the staging statements, the paged reads and the ledger check. */
  pool: Pool;
  logger: Logger;
  /** Merchant IPN endpoint of a merchant, for differences that concern it. */
  ipnUrlOf(merchantId: string): Promise<string | undefined>;
  ipnRetryWindowMs: number;
  /** Called after a commit that enqueued IPNs. */
  wakeIpn(): void;
};

export type ReconProgress = { runId: string; phase: string; processed: number; total: number };

const LEASE_MS = 60_000;
const PAGE_ROWS = 6_000;
/** Phases in order; staging steps are `stage:<n>`. */
const COMPARE = 'compare';
const FINISH = 'finish';

function scopeKey(scope: ReconScope): string {
  return `${scope.merchantId ?? '*'}|${scope.from.toISOString()}|${scope.to.toISOString()}`;
}

const ZERO_COUNTS = (): Record<string, number> => ({ matched: 0 });

/**
 * Starts (or resumes) the reconciliation of a scope and works it to the end. Exactly one run of
 * a scope is unfinished at a time (unique `active_scope`): a second caller gets the running one
 * back with `alreadyRunning` instead of starting a twin, unless its worker stopped renewing its
 * lease, in which case the caller takes it over and resumes at its last committed page.
 *
 * Memory stays flat whatever the volume: the sources are joined by the database into the run's
 * working set (`recon_entries`), read back in pages of `match_key`, and each page's results are
 * committed with the cursor. A rerun of a finished scope finds the same differences (the unique
 * line key), adds none, and closes those it no longer finds (settled since: `auto`).
 */
export type RunOptions = {
  deps: ReconDeps;
  scope: ReconScope;
  origin: 'schedule' | 'manual';
  createdBy?: string | undefined;
  onProgress?: (progress: ReconProgress) => void;
  /** Test hook: stop (as a crash would) after this many compare pages. */
  stopAfterPages?: number;
};

export async function runReconciliation(
  options: RunOptions,
): Promise<{ run: ReconRun; alreadyRunning: boolean }> {
  const started = await startReconciliation(options);
  if (!started.finished) return { run: started.run, alreadyRunning: true };
  return { run: await started.finished, alreadyRunning: false };
}

/**
 * Claims the scope's run and returns at once; `finished` settles when the work is done (null when
 * another worker holds the run). For callers that answer before the work ends (the admin API).
 */
export async function startReconciliation(
  options: RunOptions,
): Promise<{ run: ReconRun; alreadyRunning: boolean; finished: Promise<ReconRun> | null }> {
  const { deps, scope } = options;
  if (!(scope.from < scope.to)) {
    throw new AppError('validation_failed', { message: 'from must be before to.', field: 'from' });
  }
  const owner = `own_${randomBytes(8).toString('hex')}`;
  const claimed = await claimRun(deps.db, scope, options.origin, owner, options.createdBy);
  if (!claimed.mine) return { run: claimed.run, alreadyRunning: true, finished: null };
  const finished = workRun(
    deps,
    claimed.run,
    owner,
    options.onProgress,
    options.stopAfterPages,
  ).catch(async (error: unknown) => {
    if (error instanceof LeaseLost || error instanceof StoppedForTest) throw error;
    deps.logger.error({ err: error, runId: claimed.run.id }, 'reconciliation run failed');
    // Left unfinished on purpose: the next start of this scope resumes it after the lease.
    await deps.db
      .update(reconRuns)
      .set({ error: String(error instanceof Error ? error.message : error).slice(0, 500) })
      .where(eq(reconRuns.id, claimed.run.id));
    throw error;
  });
  return { run: claimed.run, alreadyRunning: false, finished };
}

class LeaseLost extends Error {}
export class StoppedForTest extends Error {}

async function claimRun(
  db: Db,
  scope: ReconScope,
  origin: 'schedule' | 'manual',
  owner: string,
  createdBy: string | undefined,
): Promise<{ run: ReconRun; mine: boolean }> {
  const key = scopeKey(scope);
  const leaseUntil = new Date(Date.now() + LEASE_MS);
  const id = newId('rcr');
  try {
    await db.insert(reconRuns).values({
      id,
      scopeKey: key,
      activeScope: key,
      merchantId: scope.merchantId,
      periodFrom: scope.from,
      periodTo: scope.to,
      origin,
      phase: 'stage:0',
      counts: ZERO_COUNTS(),
      leaseOwner: owner,
      leaseUntil,
      createdBy: createdBy ?? null,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const [active] = await db.select().from(reconRuns).where(eq(reconRuns.activeScope, key));
    if (!active) return claimRun(db, scope, origin, owner, createdBy);
    // Take over only a run whose worker stopped renewing its lease (it crashed or hung).
    const [taken] = await db.execute(
      sql`UPDATE recon_runs SET lease_owner = ${owner}, lease_until = ${leaseUntil}, error = NULL
          WHERE id = ${active.id} AND active_scope IS NOT NULL
            AND (lease_until IS NULL OR lease_until < CURRENT_TIMESTAMP(3))`,
    );
    if ((taken as unknown as { affectedRows: number }).affectedRows !== 1) {
      return { run: active, mine: false };
    }
    const [run] = await db.select().from(reconRuns).where(eq(reconRuns.id, active.id));
    if (!run) throw new Error('run vanished');
    return { run, mine: true };
  }
  const [run] = await db.select().from(reconRuns).where(eq(reconRuns.id, id));
  if (!run) throw new Error('run vanished');
  return { run, mine: true };
}

/** Moves the run on, fenced by the lease: a worker that lost it changes nothing. */
async function advance(
  db: Db | Parameters<Parameters<Db['transaction']>[0]>[0],
  runId: string,
  owner: string,
  set: Partial<typeof reconRuns.$inferInsert>,
): Promise<void> {
  const result = await db
    .update(reconRuns)
    .set({ ...set, leaseUntil: new Date(Date.now() + LEASE_MS) })
    .where(and(eq(reconRuns.id, runId), eq(reconRuns.leaseOwner, owner)));
  if ((result[0] as { affectedRows: number }).affectedRows !== 1) throw new LeaseLost('lease lost');
}

async function workRun(
  deps: ReconDeps,
  initial: ReconRun,
  owner: string,
  onProgress: ((progress: ReconProgress) => void) | undefined,
  stopAfterPages: number | undefined,
): Promise<ReconRun> {
  const { db, pool, logger } = deps;
  const runId = initial.id;
  const scope: ReconScope = {
    from: initial.periodFrom,
    to: initial.periodTo,
    merchantId: initial.merchantId,
  };
  let phase = initial.phase;
  const steps = stagingSteps(runId, scope);
  // One staging statement over millions of rows can outlast the lease: renew it while this
  // worker is alive, so only a dead (or hung) worker's run is taken over.
  const heartbeat = setInterval(() => {
    db.update(reconRuns)
      .set({ leaseUntil: new Date(Date.now() + LEASE_MS) })
      .where(and(eq(reconRuns.id, runId), eq(reconRuns.leaseOwner, owner)))
      .catch((error: unknown) => logger.warn({ err: error, runId }, 'recon lease renewal failed'));
  }, LEASE_MS / 3);
  heartbeat.unref();
  try {
    return await workPhases();
  } finally {
    clearInterval(heartbeat);
  }

  async function workPhases(): Promise<ReconRun> {
    const report = (processed: number, total: number) =>
      onProgress?.({ runId, phase, processed, total });

    // Staging: each step is idempotent, so a resumed run repeats at most the step it died in.
    while (phase.startsWith('stage:')) {
      const index = Number(phase.slice('stage:'.length));
      const step = steps[index];
      if (!step) {
        const [row] = await pool.query<RowDataPacket[]>(
          'SELECT COUNT(DISTINCT match_key) AS n FROM recon_entries WHERE run_id = ?',
          [runId],
        );
        const total = Number(row?.[0]?.n ?? 0);
        phase = COMPARE;
        await advance(db, runId, owner, { phase, totalLines: total, pageCursor: null });
        break;
      }
      const started = Date.now();
      const rows = await runStagingStep(pool, step);
      logger.debug({ runId, step: step.name, rows, ms: Date.now() - started }, 'recon staged');
      phase = `stage:${index + 1}`;
      await advance(db, runId, owner, { phase });
      report(index + 1, steps.length);
    }

    const [loaded] = await db.select().from(reconRuns).where(eq(reconRuns.id, runId));
    if (!loaded) throw new Error('run vanished');
    let current: ReconRun = loaded;
    let pages = 0;
    while (phase === COMPARE) {
      const cursor: string = current.pageCursor ?? '';
      const [entryRows] = await pool.query<RowDataPacket[]>(
        `SELECT match_key, source, item_ref, kind, merchant_id, mode, amount, currency, status,
              via_provider, subject_at
       FROM recon_entries WHERE run_id = ? AND match_key > ?
       ORDER BY match_key, source, item_ref LIMIT ${PAGE_ROWS}`,
        [runId, cursor],
      );
      if (entryRows.length === 0) {
        phase = FINISH;
        await advance(db, runId, owner, { phase });
        break;
      }
      let groups: Entry[][] = [...groupByKey(entryRows.map(toEntry))];
      // A full page may have cut its last line short: that line starts the next page. (A line
      // with more entries than a page cannot exist: each source holds a handful per line.)
      if (entryRows.length === PAGE_ROWS && groups.length > 1) groups = groups.slice(0, -1);
      const last: string = groups[groups.length - 1]?.[0]?.matchKey ?? cursor;
      const counts: Record<string, number> = { ...(current.counts ?? ZERO_COUNTS()) };
      const found: Found[] = [];
      for (const group of groups) {
        const outcome = classifyLine(group);
        if (outcome.outcome === 'skip') continue;
        const name = outcome.outcome === 'matched' ? 'matched' : outcome.category;
        counts[name] = (counts[name] ?? 0) + 1;
        if (outcome.outcome === 'difference') {
          const head = group.find((e) => e.source === 'record') ?? (group[0] as Entry);
          found.push({
            matchKey: head.matchKey,
            category: outcome.category,
            kind: head.kind,
            subjectId: head.matchKey.slice(head.matchKey.indexOf(':') + 1),
            merchantId: head.merchantId,
            mode: head.mode,
            currency: outcome.currency,
            delta: outcome.delta,
            details: outcome.details,
            subjectAt: head.subjectAt,
          });
        }
      }
      const processed: number = current.processedLines + groups.length;
      const enqueued = await db.transaction(async (tx) => {
        // The fence first: a worker that lost its lease writes nothing of this page.
        await advance(tx, runId, owner, { pageCursor: last, processedLines: processed, counts });
        return recordDifferences({ deps, tx, runId, found });
      });
      if (enqueued) deps.wakeIpn();
      current = { ...current, pageCursor: last, processedLines: processed, counts };
      report(processed, current.totalLines);
      pages += 1;
      if (stopAfterPages !== undefined && pages >= stopAfterPages) throw new StoppedForTest();
    }

    if (phase === FINISH) {
      const ledger = await verifyLedger({ pool });
      const now = new Date();
      await db.transaction(async (tx) => {
        await advance(tx, runId, owner, {});
        // What this scope found before and no longer finds has resolved itself (a settlement that
        // arrived a day later). Manual resolutions are left alone.
        const stale = await tx
          .select()
          .from(reconDifferences)
          .where(
            and(
              eq(reconDifferences.status, 'open'),
              sql`${reconDifferences.lastRunId} <> ${runId}`,
              sql`${reconDifferences.subjectAt} >= ${scope.from} AND ${reconDifferences.subjectAt} < ${scope.to}`,
              scope.merchantId ? eq(reconDifferences.merchantId, scope.merchantId) : undefined,
            ),
          );
        for (const d of stale) {
          await tx
            .update(reconDifferences)
            .set({
              status: 'resolved',
              resolution: 'auto',
              resolutionNote: `not found again by run ${runId}`,
              resolvedAt: now,
              resolvedBy: null,
              revision: d.revision + 1,
              updatedAt: now,
            })
            .where(and(eq(reconDifferences.id, d.id), eq(reconDifferences.revision, d.revision)));
          await outbox.append({
            tx,
            type: 'reconciliation.difference_resolved',
            aggregateId: d.id,
            payload: {
              differenceId: d.id,
              category: d.category,
              kind: d.kind,
              subjectId: d.subjectId,
              merchantId: d.merchantId,
              currency: d.currency,
              delta: d.delta,
              resolution: 'auto',
              adjustmentTransferId: null,
              by: null,
            },
          });
        }
        await advance(tx, runId, owner, {
          status: 'completed',
          activeScope: null,
          phase: 'done',
          ledgerOk: ledger.ok,
          ledgerReport: ledger,
          finishedAt: now,
        });
        await outbox.append({
          tx,
          type: 'reconciliation.run_completed',
          aggregateId: runId,
          payload: {
            runId,
            merchantId: scope.merchantId,
            from: scope.from.toISOString(),
            to: scope.to.toISOString(),
            counts: current?.counts ?? ZERO_COUNTS(),
            ledgerOk: ledger.ok,
          },
        });
      });
      // The working set is only needed while the run is unfinished; cleared in slices so no single
      // statement holds a long transaction.
      for (;;) {
        const [deleted] = await pool.query(
          'DELETE FROM recon_entries WHERE run_id = ? LIMIT 20000',
          [runId],
        );
        if ((deleted as { affectedRows: number }).affectedRows === 0) break;
      }
      logger.info({ runId, counts: current?.counts, ledgerOk: ledger.ok }, 'reconciliation done');
    }
    const [done] = await db.select().from(reconRuns).where(eq(reconRuns.id, runId));
    if (!done) throw new Error('run vanished');
    return done;
  }
}

type Found = {
  matchKey: string;
  category: ReconCategory;
  kind: Entry['kind'];
  subjectId: string;
  merchantId: string | null;
  mode: 'test' | 'live' | null;
  currency: string;
  delta: number;
  details: DifferenceDetails;
  subjectAt: Date;
};

/**
 * Upserts one page's differences on their line key. New ones (and ones a run had closed `auto`
 * that are back) get an event, and the merchant an IPN when they concern one of its orders.
 * Returns whether an IPN was enqueued.
 */
async function recordDifferences(options: {
  deps: ReconDeps;
  tx: Parameters<Parameters<Db['transaction']>[0]>[0];
  runId: string;
  found: Found[];
}): Promise<boolean> {
  const { deps, tx, runId, found } = options;
  let enqueued = false;
  for (const f of found) {
    const [existing] = await tx
      .select()
      .from(reconDifferences)
      .where(
        and(eq(reconDifferences.matchKey, f.matchKey), eq(reconDifferences.category, f.category)),
      )
      .for('update');
    let differenceId: string;
    if (existing) {
      differenceId = existing.id;
      const back = existing.status === 'resolved' && existing.resolution === 'auto';
      await tx
        .update(reconDifferences)
        .set({
          lastRunId: runId,
          details: f.details,
          delta: f.delta,
          ...(back
            ? {
                status: 'open' as const,
                resolution: null,
                resolutionNote: null,
                resolvedAt: null,
                revision: existing.revision + 1,
                updatedAt: new Date(),
              }
            : {}),
        })
        .where(eq(reconDifferences.id, existing.id));
      if (!back) continue;
    } else {
      differenceId = newId('rdf');
      await tx.insert(reconDifferences).values({
        id: differenceId,
        ...f,
        firstRunId: runId,
        lastRunId: runId,
      });
    }
    await outbox.append({
      tx,
      type: 'reconciliation.difference_found',
      aggregateId: differenceId,
      payload: {
        differenceId,
        runId,
        category: f.category,
        kind: f.kind,
        subjectId: f.subjectId,
        merchantId: f.merchantId,
        currency: f.currency,
        delta: f.delta,
      },
    });
    if (f.merchantId && f.mode && (f.kind === 'payment' || f.kind === 'refund')) {
      const sent = await notifyMerchantOfDifference({
        deps,
        tx,
        orderId: f.subjectId,
        merchantId: f.merchantId,
        mode: f.mode,
        differenceId,
        category: f.category,
        details: f.details,
      });
      enqueued ||= sent;
    }
  }
  return enqueued;
}

function toEntry(row: RowDataPacket): Entry {
  return {
    matchKey: String(row.match_key),
    source: row.source,
    itemRef: String(row.item_ref),
    kind: row.kind,
    merchantId: row.merchant_id ?? null,
    mode: row.mode ?? null,
    amount: Number(row.amount),
    currency: String(row.currency),
    status: String(row.status),
    viaProvider: row.via_provider === 'yes',
    subjectAt: row.subject_at instanceof Date ? row.subject_at : new Date(row.subject_at),
  };
}

function* groupByKey(entries: Entry[]): Generator<Entry[]> {
  let group: Entry[] = [];
  for (const entry of entries) {
    if (group.length > 0 && group[0]?.matchKey !== entry.matchKey) {
      yield group;
      group = [];
    }
    group.push(entry);
  }
  if (group.length > 0) yield group;
}

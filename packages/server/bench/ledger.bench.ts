/**
 * Ledger benchmark: hot-merchant payments and a merchant drain, Ducat's batching writer against a
 * naive one-transaction-per-transfer implementation, same schema, same database, same run.
 * JSON lines on stdout; progress on stderr. See the README's Performance section.
 *
 *   pnpm bench:ledger [-- --payments 100000 --wallets 10000 --concurrency 1000]
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import mysql, { type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import { createDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { LEDGER_AGGREGATE_ID } from '../src/domains/ledger/events.js';
import {
  createLedgerWriter,
  createTransfer,
  type LedgerWriter,
  openAccount,
  openSystemAccount,
  verifyLedger,
} from '../src/domains/ledger/index.js';
import type { TransferSpec } from '../src/domains/ledger/types.js';
import { loadEnv, splitDatabaseUrl } from '../src/env.js';
import { outbox } from '../src/events/index.js';
import { newId } from '../src/infra/id.js';
import { createLogger } from '../src/infra/logger.js';

const { values: args } = parseArgs({
  options: {
    payments: { type: 'string', default: '100000' },
    wallets: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '1000' },
    'retry-ratio': { type: 'string', default: '0.05' },
    'batch-size': { type: 'string', default: '400' },
    /** Batches in flight in the writer (its `depth` option). */
    depth: { type: 'string' },
    keep: { type: 'boolean', default: false },
    /** Run one implementation only (for profiling); the ratio line then has no ratio. */
    only: { type: 'string' },
    /** Write a CPU profile of this process during the Ducat payments to this file (.cpuprofile). */
    profile: { type: 'string' },
  },
});
const PAYMENTS = Number(args.payments);
const WALLETS = Number(args.wallets);
const CONCURRENCY = Number(args.concurrency);
const RETRY_RATIO = Number(args['retry-ratio']);
const BATCH_SIZE = Number(args['batch-size']);
const CURRENCY = 'EUR';
const WALLET_FUNDS = 10_000_000;

const out = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const note = (text: string) => process.stderr.write(`${text}\n`);

/** Deterministic amounts, so both implementations move exactly the same money. */
function amountOf(i: number): number {
  return 100 + ((i * 7919) % 4_900);
}

type Impl = { name: 'naive' | 'ducat'; transfer(spec: TransferSpec): Promise<unknown> };

// --- the naive baseline: one transaction per transfer, SELECT … FOR UPDATE on both accounts ---
function naiveImpl(pool: Pool): Impl {
  async function attempt(conn: PoolConnection, spec: TransferSpec): Promise<unknown> {
    await conn.query('START TRANSACTION');
    try {
      const [found] = await conn.query<RowDataPacket[]>(
        'SELECT id, amount FROM ledger_transfers WHERE idempotency_key = ?',
        [spec.idempotencyKey],
      );
      if (found[0]) {
        await conn.query('COMMIT');
        return found[0].id;
      }
      const ids = [spec.debitAccountId, spec.creditAccountId].sort();
      const [rows] = await conn.query<RowDataPacket[]>(
        'SELECT id, balance, pending_debits, posting_seq, allow_negative FROM ledger_accounts WHERE id IN (?, ?) ORDER BY id FOR UPDATE',
        ids,
      );
      const debit = rows.find((r) => r.id === spec.debitAccountId);
      const credit = rows.find((r) => r.id === spec.creditAccountId);
      if (!debit || !credit) throw new Error('account_not_found');
      const debitAfter = Number(debit.balance) - spec.amount;
      if (!debit.allow_negative && debitAfter - Number(debit.pending_debits) < 0) {
        await conn.query('ROLLBACK');
        throw new Error('insufficient_funds');
      }
      const creditAfter = Number(credit.balance) + spec.amount;
      const debitSeq = Number(debit.posting_seq) + 1;
      const creditSeq = Number(credit.posting_seq) + 1;
      const id = newId('trf');
      const now = new Date();
      await conn.query(
        `INSERT INTO ledger_transfers (id, idempotency_key, debit_account_id, credit_account_id,
           amount, posted_amount, currency, kind, status, created_at, posted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'posted', ?, ?)`,
        [
          id,
          spec.idempotencyKey,
          spec.debitAccountId,
          spec.creditAccountId,
          spec.amount,
          spec.amount,
          spec.currency,
          spec.kind,
          now,
          now,
        ],
      );
      await conn.query(
        'INSERT INTO ledger_postings (account_id, seq, transfer_id, amount, balance_after, created_at) VALUES (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)',
        [
          spec.debitAccountId,
          debitSeq,
          id,
          -spec.amount,
          debitAfter,
          now,
          spec.creditAccountId,
          creditSeq,
          id,
          spec.amount,
          creditAfter,
          now,
        ],
      );
      await conn.query('UPDATE ledger_accounts SET balance = ?, posting_seq = ? WHERE id = ?', [
        debitAfter,
        debitSeq,
        spec.debitAccountId,
      ]);
      await conn.query('UPDATE ledger_accounts SET balance = ?, posting_seq = ? WHERE id = ?', [
        creditAfter,
        creditSeq,
        spec.creditAccountId,
      ]);
      const event = outbox.build({
        type: 'ledger.transfers_committed',
        aggregateId: LEDGER_AGGREGATE_ID,
        payload: {
          transfers: [
            {
              transferId: id,
              status: 'posted',
              kind: spec.kind,
              debitAccountId: spec.debitAccountId,
              creditAccountId: spec.creditAccountId,
              amount: spec.amount,
              postedAmount: spec.amount,
              currency: spec.currency,
              reference: null,
              linkedId: null,
            },
          ],
        },
      });
      await conn.query(
        'INSERT INTO outbox_events (event_id, type, version, aggregate_type, aggregate_id, payload, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [
          event.eventId,
          event.type,
          event.version,
          event.aggregateType,
          event.aggregateId,
          JSON.stringify(event.payload),
          event.occurredAt,
        ],
      );
      await conn.query('COMMIT');
      return id;
    } catch (error) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  return {
    name: 'naive',
    async transfer(spec) {
      const conn = await pool.getConnection();
      try {
        for (let i = 0; ; i++) {
          try {
            return await attempt(conn, spec);
          } catch (error) {
            const errno = (error as { errno?: number }).errno;
            // deadlock or a duplicate key from a concurrent retry: try again (it then replays)
            if ((errno === 1213 || errno === 1062) && i < 10) continue;
            throw error;
          }
        }
      } finally {
        conn.release();
      }
    },
  };
}

function ducatImpl(writer: LedgerWriter): Impl {
  return { name: 'ducat', transfer: (spec) => createTransfer({ writer, ...spec }) };
}

/**
 * CPU seconds the database server has used so far (Linux: from /proc; null elsewhere). It counts
 * every client of the server, so it is only meaningful on an otherwise idle machine.
 */
function serverCpuS(): number | null {
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm !== 'mariadbd' && comm !== 'mysqld') continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // utime and stime, fields 14 and 15 of stat (11 and 12 after the command name).
      return (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    // not Linux, or not allowed: no figure
  }
  return null;
}

/** Jiffies the machine's CPUs spent busy and in total so far (Linux: /proc/stat; null elsewhere). */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    // idle and iowait
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `total` operations with `concurrency` in flight; returns per-operation latencies. */
async function load(
  total: number,
  concurrency: number,
  label: string,
  op: (i: number) => Promise<void>,
): Promise<{ elapsedMs: number; latencies: Float64Array }> {
  const latencies = new Float64Array(total);
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} {eta}s`,
    stream: process.stderr,
    fps: 5,
  });
  bar.start(total, 0);
  let next = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        await op(i);
        latencies[i] = performance.now() - t0;
        if (++done % 1000 === 0) bar.update(done);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  bar.update(total);
  bar.stop();
  latencies.sort();
  return { elapsedMs, latencies };
}

async function main(): Promise<void> {
  const base = loadEnv();
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/ducat_bench_${randomBytes(4).toString('hex')}`;
  const databaseUrl = url.toString();
  await migrateDatabase(databaseUrl);
  const database = createDatabase({ url: databaseUrl, poolSize: 64 });
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const writer = createLedgerWriter({
    pool: database.pool,
    outbox,
    logger,
    batchSize: BATCH_SIZE,
    depth: args.depth ? Number(args.depth) : undefined,
  });
  const { db } = database;

  const [flush] = await database.pool.query<RowDataPacket[]>(
    'SELECT @@innodb_flush_log_at_trx_commit AS f, VERSION() AS v',
  );
  note(`database ${flush[0]?.v}, innodb_flush_log_at_trx_commit=${flush[0]?.f}`);
  if (Number(flush[0]?.f) !== 1)
    note('WARNING: commits are not durable on this server (innodb_flush_log_at_trx_commit != 1)');

  const clearing = await openSystemAccount({
    db,
    kind: 'provider_clearing',
    provider: 'sandbox',
    currency: CURRENCY,
  });
  const payoutClearing = await openSystemAccount({
    db,
    kind: 'payout_clearing',
    currency: CURRENCY,
  });

  async function fundWallets(label: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < WALLETS; i++) {
      ids.push(
        (
          await openAccount({
            db,
            ownerType: 'shopper',
            ownerId: `${label}_${i}`,
            kind: 'shopper_wallet',
            currency: CURRENCY,
          })
        ).id,
      );
    }
    await Promise.all(
      ids.map((id) =>
        createTransfer({
          writer,
          idempotencyKey: `fund:${id}`,
          debitAccountId: clearing.id,
          creditAccountId: id,
          amount: WALLET_FUNDS,
          currency: CURRENCY,
          kind: 'deposit',
        }),
      ),
    );
    return ids;
  }

  const results: Record<string, { perS: number }> = {};
  let allOk = true;

  const impls = [naiveImpl(database.pool), ducatImpl(writer)].filter(
    (impl) => !args.only || impl.name === args.only,
  );
  for (const impl of impls) {
    note(`\n== ${impl.name}: funding ${WALLETS} wallets`);
    const wallets = await fundWallets(impl.name);
    const merchant = await openAccount({
      db,
      ownerType: 'merchant',
      ownerId: `hot_${impl.name}`,
      kind: 'merchant_balance',
      currency: CURRENCY,
    });
    const spec = (i: number): TransferSpec => ({
      idempotencyKey: `${impl.name}:pay:${i}`,
      debitAccountId: wallets[i % WALLETS] as string,
      creditAccountId: merchant.id,
      amount: amountOf(i),
      currency: CURRENCY,
      kind: 'payment',
    });
    const retryEvery = RETRY_RATIO > 0 ? Math.round(1 / RETRY_RATIO) : 0;
    const rssBefore = process.memoryUsage().rss;
    const cpuBefore = process.cpuUsage();
    const serverBefore = serverCpuS();
    const machineBefore = machineCpu();
    let peakRss = rssBefore;
    const rssTimer = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const profiler = args.profile && impl.name === 'ducat' ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const { elapsedMs, latencies } = await load(
      PAYMENTS,
      CONCURRENCY,
      `${impl.name} payments`,
      async (i) => {
        await impl.transfer(spec(i));
        // A client that did not hear back retries with the same key: it must not pay twice.
        if (retryEvery && i % retryEvery === 0) await impl.transfer(spec(i));
      },
    );
    clearInterval(rssTimer);
    const cpu = process.cpuUsage(cpuBefore);
    if (profiler && args.profile) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(args.profile, JSON.stringify(profile));
      profiler.disconnect();
      note(`CPU profile of the payments written to ${args.profile}`);
    }
    const serverAfter = serverCpuS();
    const machineAfter = machineCpu();
    const perTransfer = (us: number) => `${(us / PAYMENTS).toFixed(0)} µs`;
    note(
      `${impl.name}: CPU per transfer: node ${perTransfer(cpu.user + cpu.system)} (${perTransfer(cpu.system)} in the kernel), database server ${
        serverBefore === null || serverAfter === null
          ? 'n/a'
          : `${perTransfer((serverAfter - serverBefore) * 1e6)} (all its clients)`
      }; the machine's CPUs were ${
        machineBefore && machineAfter
          ? `${Math.round((100 * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total))}% busy`
          : 'n/a'
      }`,
    );
    if (impl.name === 'ducat') {
      const stats = writer.stats();
      const per = (ms: number) => (ms / stats.batches).toFixed(1);
      note(
        `ducat: ${stats.batches} batches (${stats.redone} redone), ${(stats.commands / stats.batches).toFixed(0)} commands/batch, ms per batch: ${Object.entries(
          stats.phasesMs,
        )
          .map(([phase, ms]) => `${phase} ${per(ms)}`)
          .join(', ')}`,
      );
    }
    const perS = Math.round(PAYMENTS / (elapsedMs / 1000));
    results[impl.name] = { perS };

    const [check] = await database.pool.query<RowDataPacket[]>(
      'SELECT count(*) AS n, CAST(COALESCE(SUM(amount), 0) AS SIGNED) AS total FROM ledger_transfers WHERE credit_account_id = ?',
      [merchant.id],
    );
    let expected = 0;
    for (let i = 0; i < PAYMENTS; i++) expected += amountOf(i);
    const [bal] = await database.pool.query<RowDataPacket[]>(
      'SELECT balance FROM ledger_accounts WHERE id = ?',
      [merchant.id],
    );
    const exact =
      Number(check[0]?.n) === PAYMENTS &&
      Number(check[0]?.total) === expected &&
      Number(bal[0]?.balance) === expected;
    if (!exact) {
      allOk = false;
      note(
        `MISMATCH ${impl.name}: transfers ${check[0]?.n}/${PAYMENTS}, total ${check[0]?.total}/${expected}, balance ${bal[0]?.balance}`,
      );
    }
    out({
      bench: 'ledger.hot_merchant',
      impl: impl.name,
      transfers: PAYMENTS,
      retries: retryEvery ? Math.ceil(PAYMENTS / retryEvery) : 0,
      in_flight: CONCURRENCY,
      transfers_per_s: perS,
      p50_ms: Number(percentile(latencies, 50).toFixed(2)),
      p99_ms: Number(percentile(latencies, 99).toFixed(2)),
      peak_rss_mb: Math.round(peakRss / 1_048_576),
      exactly_once: exact,
    });

    // Drain: payouts asking for twice what the merchant holds. Exactly half may succeed.
    const drainMerchant = await openAccount({
      db,
      ownerType: 'merchant',
      ownerId: `drain_${impl.name}`,
      kind: 'merchant_balance',
      currency: CURRENCY,
    });
    const PAYOUT = 1_000;
    const PAYOUTS = Math.max(2, Math.floor(PAYMENTS / 10));
    const holds = (PAYOUTS / 2) * PAYOUT;
    await createTransfer({
      writer,
      idempotencyKey: `drain-fund:${impl.name}`,
      debitAccountId: clearing.id,
      creditAccountId: drainMerchant.id,
      amount: holds,
      currency: CURRENCY,
      kind: 'deposit',
    });
    let succeeded = 0;
    let refused = 0;
    const drain = await load(PAYOUTS, CONCURRENCY, `${impl.name} drain`, async (i) => {
      try {
        await impl.transfer({
          idempotencyKey: `${impl.name}:payout:${i}`,
          debitAccountId: drainMerchant.id,
          creditAccountId: payoutClearing.id,
          amount: PAYOUT,
          currency: CURRENCY,
          kind: 'payout',
        });
        succeeded++;
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).message;
        if (code !== 'insufficient_funds') throw error;
        refused++;
      }
    });
    const [drained] = await database.pool.query<RowDataPacket[]>(
      'SELECT balance FROM ledger_accounts WHERE id = ?',
      [drainMerchant.id],
    );
    const noOverdraft = Number(drained[0]?.balance) === 0 && succeeded * PAYOUT === holds;
    if (!noOverdraft) allOk = false;
    out({
      bench: 'ledger.merchant_drain',
      impl: impl.name,
      transfers: PAYOUTS,
      succeeded,
      refused,
      transfers_per_s: Math.round(PAYOUTS / (drain.elapsedMs / 1000)),
      p50_ms: Number(percentile(drain.latencies, 50).toFixed(2)),
      p99_ms: Number(percentile(drain.latencies, 99).toFixed(2)),
      final_balance: Number(drained[0]?.balance),
      no_overdraft: noOverdraft,
    });
  }

  await writer.stop();
  note('\nverifying invariants in one consistent snapshot');
  const report = await verifyLedger({ pool: database.pool });
  if (!report.ok) note(JSON.stringify(report.invariants.filter((i) => !i.ok)));
  const naive = results.naive?.perS ?? 0;
  const ducat = results.ducat?.perS ?? 0;
  out({
    bench: 'ledger.hot_merchant',
    ratio: naive > 0 ? Number((ducat / naive).toFixed(1)) : null,
    invariants: report.ok && allOk ? 'ok' : 'violated',
    transfers_checked: report.transfers,
  });
  await database.close();
  if (!args.keep) {
    const { serverUrl, database: name } = splitDatabaseUrl(databaseUrl);
    const server = await mysql.createConnection({ uri: serverUrl });
    await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await server.end();
  }
  process.exitCode = report.ok && allOk ? 0 : 1;
}

main().catch((error: unknown) => {
  note(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});

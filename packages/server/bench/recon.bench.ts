/**
 * Reconciliation at volume: N generated paid orders of one merchant on one day (default
 * 1,000,000; every tenth paid by wallet, the rest through the sandbox provider), with their ledger
 * transfers and postings, against the provider's settlement file written to disk as CSV and
 * imported through the same streaming importer as uploads. Two lines of the file are altered (one
 * left out, one with another amount), so the run must find exactly those two differences.
 *
 * Prints one JSON line on stdout: import and reconciliation throughput (`*_per_s`), the run's
 * wall time, the process's peak RSS, and `invariants` (`ok` when the run found exactly the
 * injected differences and the ledger check passed). Progress goes to stderr.
 *
 *   pnpm bench:recon [--orders 1000000]
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { createDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { importSettlementFile } from '../src/domains/reconciliation/import-settlement-file.js';
import { runReconciliation } from '../src/domains/reconciliation/run-reconciliation.js';
import { loadEnv } from '../src/env.js';
import { createLogger } from '../src/infra/logger.js';
import { dropDatabase } from '../src/test/harness.js';
import { generateReconData } from '../src/test/recon-data.js';

const { values } = parseArgs({ options: { orders: { type: 'string', default: '1000000' } } });
const N = Number(values.orders);
if (!Number.isInteger(N) || N < 10 || N % 10 !== 0) {
  throw new Error('--orders must be a multiple of 10');
}
const DAY = new Date('2026-11-20T00:00:00.000Z');
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const note = (message: string) => process.stderr.write(`${message}\n`);

async function writeSettlementFile(path: string, merchantId: string): Promise<number> {
  const tag = merchantId.slice(-6);
  const out = createWriteStream(path);
  out.write('provider_ref,reference,type,amount,currency,fee,settled_at\n');
  let lines = 0;
  const dayMs = 86_400_000;
  for (let i = 1; i <= N; i++) {
    // Wallet payments never reach the provider; line 11 is "lost", line 12 settled for less.
    if (i % 10 === 0 || i === 11) continue;
    const settled = new Date(DAY.getTime() + Math.floor((i * dayMs) / (N + 1)) + 3_600_000);
    const amount = i === 12 ? 990 : 1000;
    const ok = out.write(
      `sbx_g${tag}${i},pp_g${tag}${i},payment,${amount},EUR,29,${settled.toISOString()}\n`,
    );
    lines += 1;
    if (!ok) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return lines;
}

async function main(): Promise<void> {
  const base = loadEnv();
  const suffix = randomBytes(4).toString('hex');
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/ducat_bench_rc_${suffix}`;
  const databaseUrl = url.toString();
  const dir = await mkdtemp(join(tmpdir(), 'ducat-recon-'));
  await migrateDatabase(databaseUrl);
  const database = createDatabase({ url: databaseUrl, poolSize: 4 });
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  try {
    const merchantId = `mch_bench${suffix}`;
    note(`generating ${N.toLocaleString('en')} orders with their ledger rows…`);
    let started = performance.now();
    await generateReconData({
      pool: database.pool,
      n: N,
      merchantId,
      day: DAY,
      withSettlementLines: false,
    });
    note(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const file = join(dir, 'settlement.csv');
    const fileLines = await writeSettlementFile(file, merchantId);
    note(`importing the settlement file (${fileLines.toLocaleString('en')} lines)…`);
    started = performance.now();
    const imported = await importSettlementFile({
      db: database.db,
      provider: 'sandbox',
      csv: createReadStream(file),
    });
    const importSeconds = (performance.now() - started) / 1000;

    const bar = new SingleBar({ format: 'reconciling {phase} [{bar}] {value}/{total}' });
    bar.start(1, 0, { phase: 'stage' });
    started = performance.now();
    let compareStarted: number | undefined;
    const { run } = await runReconciliation({
      deps: {
        db: database.db,
        pool: database.pool,
        logger,
        ipnUrlOf: async () => undefined,
        ipnRetryWindowMs: 3_600_000,
        wakeIpn: () => {},
      },
      scope: { from: DAY, to: new Date(DAY.getTime() + 86_400_000), merchantId: null },
      origin: 'manual',
      onProgress: (p) => {
        if (p.phase === 'compare' && compareStarted === undefined)
          compareStarted = performance.now();
        bar.setTotal(Math.max(p.total, 1));
        bar.update(p.processed, { phase: p.phase.startsWith('stage') ? 'stage' : 'compare' });
      },
    });
    bar.stop();
    const runSeconds = (performance.now() - started) / 1000;
    const lines = Object.values(run.counts).reduce((a, b) => a + b, 0);
    const expected = { matched: N - 2, missing_at_provider: 1, amount_mismatch: 1 };
    const invariants =
      JSON.stringify(run.counts) === JSON.stringify(expected) && run.ledgerOk === true
        ? 'ok'
        : 'violated';
    process.stdout.write(
      `${JSON.stringify({
        bench: 'recon',
        orders: N,
        settlement_lines: imported.lines,
        import_lines_per_s: Math.round(imported.lines / importSeconds),
        lines,
        lines_per_s: Math.round(lines / runSeconds),
        run_s: Math.round(runSeconds * 10) / 10,
        stage_s: Math.round(((compareStarted ?? performance.now()) - started) / 100) / 10,
        peak_rss_mb: peakRssMb(),
        counts: run.counts,
        ledger_ok: run.ledgerOk,
        invariants,
      })}\n`,
    );
    if (invariants !== 'ok') process.exitCode = 1;
  } finally {
    await database.close();
    await dropDatabase(databaseUrl);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

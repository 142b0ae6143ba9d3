/**
 * `pnpm --filter @ducat/server metrics:backfill [from] [to]`: rebuilds the dashboard's daily
 * counters (`metrics_daily`) of days `from`..`to` (UTC `YYYY-MM-DD`; default: 2000-01-01 to
 * yesterday) from orders, merchants and shoppers. Run it once after upgrading to a version with
 * the dashboard (the consumer only counts events published after it started). Prints JSON.
 */
import { createDatabase } from '../db/client.js';
import { backfillMetricsDaily } from '../domains/metrics/backfill-metrics.js';
import { loadEnv } from '../env.js';

const env = loadEnv();
const database = createDatabase({ url: env.DATABASE_URL, poolSize: 2 });
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const [from = '2000-01-01', to = yesterday] = process.argv.slice(2);
try {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) {
    throw new Error('usage: metrics:backfill [YYYY-MM-DD] [YYYY-MM-DD]');
  }
  const result = await backfillMetricsDaily({ db: database.db, from, to });
  process.stdout.write(`${JSON.stringify({ from, to, ...result })}\n`);
} catch (error) {
  process.stderr.write(
    `metrics:backfill failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await database.close();
}

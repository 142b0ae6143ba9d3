/**
 * `pnpm --filter @ducat/server stats:rebuild [from]`: recomputes the merchants' statistics
 * warehouse (`stats_daily`) from day `from` (UTC `YYYY-MM-DD`, at most 7 days back: what the
 * outbox keeps; default: 6 days ago) from the event history. Prints JSON.
 */
import { createDatabase } from '../db/client.js';
import { rebuildStats } from '../domains/stats/rebuild-stats.js';
import { loadEnv } from '../env.js';

const env = loadEnv();
const database = createDatabase({ url: env.DATABASE_URL, poolSize: 2 });
const [from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10)] =
  process.argv.slice(2);
try {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) throw new Error('usage: stats:rebuild [YYYY-MM-DD]');
  const result = await rebuildStats({ db: database.db, from });
  process.stdout.write(`${JSON.stringify({ from, ...result })}\n`);
} catch (error) {
  process.stderr.write(
    `stats:rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await database.close();
}

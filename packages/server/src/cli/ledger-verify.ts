/**
 * `pnpm --filter @ducat/server ledger:verify`: checks the ledger's invariants in one consistent
 * snapshot and prints the report as JSON. Exit code 0 when every invariant holds, 1 otherwise.
 */
import { createDatabase } from '../db/client.js';
import { verifyLedger } from '../domains/ledger/index.js';
import { loadEnv } from '../env.js';

const env = loadEnv();
const database = createDatabase({ url: env.DATABASE_URL, poolSize: 1 });
try {
  const report = await verifyLedger({ pool: database.pool });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.ok ? 0 : 1;
} catch (error) {
  process.stderr.write(
    `ledger:verify failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
} finally {
  await database.close();
}

/**
 * `pnpm --filter @ducat/server job:run <name>`: runs one background job now, in this process,
 * against the configured database and Redis, and prints its run (duration, outcome, the job's
 * summary) as JSON. The request is audited (`job.run`, actor `system` / `operator:<user>`) and the
 * run shows in the admin portal's Jobs page like any other. Exit code 0 when the job succeeded,
 * 1 when it failed, 2 on bad usage. `job:run --list` prints the job names.
 *
 * Safe next to running servers: every job is written to run concurrently from several processes.
 */
import { userInfo } from 'node:os';
import { pino } from 'pino';
import { createApp } from '../app.js';
import { runJob } from '../domains/jobs/run-job.js';
import { loadEnv } from '../env.js';
import { createLogger } from '../infra/logger.js';
import { isJobName, JOB_NAMES } from '../jobs/job-names.js';

const name = process.argv[2];
if (!name || name === '--help' || name === '--list') {
  process.stdout.write(`${JOB_NAMES.join('\n')}\n`);
  process.exit(name ? 0 : 2);
}
if (!isJobName(name)) {
  process.stderr.write(`job:run: no job named "${name}"; one of: ${JOB_NAMES.join(', ')}\n`);
  process.exit(2);
}

const env = loadEnv();
// The sandbox provider answers from the running server (SANDBOX_PROVIDER_URL), not from a
// second copy in this process; no timers either: only the job asked for runs.
const app = createApp({
  env: { ...env, SANDBOX_PROVIDER_EMBEDDED: false, PROCESS_ROLE: 'api' },
  // Logs to stderr: stdout is the run's JSON.
  logger: createLogger({ level: env.LOG_LEVEL, destination: pino.destination(2) }),
});
process.once('SIGINT', () => {
  process.stderr.write('job:run: interrupted, stopping the job\n');
  void app.stop();
});
let user = 'unknown';
try {
  user = userInfo().username;
} catch {
  // No passwd entry (some containers): the audit row still says it came from the script.
}
try {
  await app.redis.connect();
  await app.payments.providerGate.sync();
  const { finished } = await runJob({
    services: app.payments,
    actor: { type: 'system', id: `operator:${user}`.slice(0, 40) },
    name,
  });
  const record = await finished;
  process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  process.exitCode = record.outcome === 'succeeded' ? 0 : 1;
} catch (error) {
  process.stderr.write(
    `job:run failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await app.stop();
}

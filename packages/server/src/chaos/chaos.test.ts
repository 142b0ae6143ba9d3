import { expect, it } from 'vitest';
import { formatReport, runChaos, SHORT_PROFILE } from './run-chaos.js';

/**
 * The short chaos run (about 2 minutes): every fault once against its own MariaDB and Redis,
 * two servers behind a round-robin proxy. `pnpm chaos` runs the long one (chaos.long.ts).
 */
it('holds every safety check and recovers from every fault (short run)', async () => {
  const report = await runChaos({
    ...SHORT_PROFILE,
    log: (line) => process.stderr.write(`[chaos] ${line}\n`),
  });
  process.stderr.write(`${formatReport(report)}\n`);
  expect(report.results.filter((r) => r.recoveryMs === undefined).map((r) => r.fault)).toEqual([]);
  for (const result of report.results) {
    for (const [check, violations] of Object.entries(result.checks)) {
      expect(violations, `${result.fault} / ${check}`).toEqual([]);
    }
  }
  expect(report.checkouts).toBeGreaterThan(20);
  expect(report.ok).toBe(true);
}, 400_000);

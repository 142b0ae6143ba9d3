import { expect, it } from 'vitest';
import { formatReport, LONG_PROFILE, runChaos } from './run-chaos.js';

/**
 * `pnpm chaos`: three rounds of every fault, 10 s each, three servers behind the round-robin
 * proxy, eight shoppers paying the hot merchant. Fails (non-zero exit) on any violation.
 */
it('holds every safety check and recovers from every fault (long run)', async () => {
  const report = await runChaos({
    ...LONG_PROFILE,
    log: (line) => process.stderr.write(`[chaos] ${line}\n`),
  });
  process.stdout.write(`${formatReport(report)}\n`);
  expect(formatReport(report)).not.toContain('VIOLATED');
  expect(report.ok).toBe(true);
});

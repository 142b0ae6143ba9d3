/**
 * The background jobs a server process runs (jobs/platform-jobs.ts builds them). Named here so
 * configuration (`JOB_INTERVALS`) and the operator script can be checked against them.
 */
export const JOB_NAMES = [
  'deliver-ipns',
  'purge-expired',
  'void-expired-transfers',
  'expire-due-orders',
  'sweep-expired-orders',
  'check-stuck',
  'assess-merchant-risk',
  'archive-orders',
  'reconcile-daily',
  'notify-stakeholders',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

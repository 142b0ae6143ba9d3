import { AppError } from '../../errors.js';
import type { JobRunRecord } from '../../jobs/scheduler.js';
import type { PaymentServices } from '../checkout/payment-services.js';

export type JobView = {
  name: string;
  /** Null: not on a timer (`JOB_INTERVALS=<name>=off`), only run on request. */
  everyMs: number | null;
  /** The last finished run, in any process. */
  lastRun: JobRunRecord | null;
  /** A run going on now (its start), if any. */
  running: { startedAt: string; trigger: 'schedule' | 'manual'; by: string | null } | null;
};

/** The background jobs with each one's last run (when, how long, how it ended) and current run. */
export async function listJobs(options: { services: PaymentServices }): Promise<JobView[]> {
  const control = options.services.jobs;
  if (!control) return [];
  const status = await control.status.read().catch((error: unknown) => {
    throw new AppError('service_unavailable', {
      message: 'The record of job runs (kept in Redis) cannot be read right now.',
      internalMessage: error instanceof Error ? error.message : String(error),
    });
  });
  return control.scheduler.jobs().map((job) => ({
    name: job.name,
    everyMs: job.everyMs,
    lastRun: status.get(job.name)?.last ?? null,
    running: status.get(job.name)?.running ?? null,
  }));
}

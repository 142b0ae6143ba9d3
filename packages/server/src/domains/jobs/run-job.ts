import { AppError } from '../../errors.js';
import type { JobRunRecord } from '../../jobs/scheduler.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';

/**
 * Runs a background job now, on an operator's request (the portal's "Run now", the operator
 * script `job:run`). The request is audited (`job.run`) before the run starts; the run itself
 * is recorded like a timed one (last run, duration, outcome) with who asked. Returns at once
 * with `finished`, which settles with the run's record: the portal does not wait for an archive
 * of a million orders, the script does.
 */
export async function runJob(options: {
  services: PaymentServices;
  actor: Actor;
  name: string;
}): Promise<{ name: string; requestedAt: string; finished: Promise<JobRunRecord> }> {
  const { services, actor, name } = options;
  const control = services.jobs;
  if (!control?.scheduler.jobs().some((j) => j.name === name)) {
    throw new AppError('job_unknown', {
      message: `No background job is named ${name}.`,
      field: 'name',
    });
  }
  const requestedAt = new Date();
  await recordAudit({
    tx: services.db,
    actor,
    action: 'job.run',
    targetType: 'job',
    targetId: name,
    after: { requestedAt: requestedAt.toISOString() },
  });
  const finished = control.scheduler.runNow(name, { kind: 'manual', by: actor.id });
  if (!finished) throw new AppError('job_unknown', { field: 'name' });
  // The run logs and records its own failure; nobody may be awaiting it (the portal's request).
  finished.catch(() => undefined);
  return { name, requestedAt: requestedAt.toISOString(), finished };
}

import { z } from 'zod';
import { procedure, staffActor } from '../../auth/authorize.js';
import { listJobs } from '../../domains/jobs/list-jobs.js';
import { runJob } from '../../domains/jobs/run-job.js';
import { router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';

const ZJobRun = z.object({
  name: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  by: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().int(),
  outcome: z.enum(['succeeded', 'failed']),
  result: z.string().nullable(),
  error: z.string().nullable(),
});

const ZJob = z.object({
  name: z.string(),
  everyMs: z.number().int().nullable(),
  lastRun: ZJobRun.nullable(),
  running: z
    .object({
      startedAt: z.string(),
      trigger: z.enum(['schedule', 'manual']),
      by: z.string().nullable(),
    })
    .nullable(),
});

/** Background jobs: each one's last run for every platform role; run one now (admins, audited). */
export const adminJobsRouter = router({
  list: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
    .output(z.array(ZJob))
    .query(({ ctx }) => listJobs({ services: paymentsOf(ctx) })),

  /** Starts the job in the answering process and returns at once; `list` shows how it ended. */
  run: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin'] } })
    .input(z.object({ name: z.string().regex(/^[a-z][a-z-]{0,63}$/, 'a job name') }))
    .output(z.object({ name: z.string(), requestedAt: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { name, requestedAt } = await runJob({
        services: paymentsOf(ctx),
        actor: staffActor(ctx),
        name: input.name,
      });
      return { name, requestedAt };
    }),
});

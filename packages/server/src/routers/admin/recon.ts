import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { procedure, staffActor } from '../../auth/authorize.js';
import {
  MODES,
  RECON_CATEGORIES,
  RECON_DIFFERENCE_STATUSES,
  RECON_KINDS,
  RECON_RESOLUTIONS,
  RECON_RUN_STATUSES,
  reconRuns,
} from '../../db/schema/index.js';
import { ZAmount } from '../../domains/ledger/schemas.js';
import {
  assignDifference,
  commentDifference,
} from '../../domains/reconciliation/assign-difference.js';
import {
  importSettlementFile,
  ZProviderName,
} from '../../domains/reconciliation/import-settlement-file.js';
import { getDifference, listDifferences } from '../../domains/reconciliation/list-differences.js';
import { reconDepsFrom } from '../../domains/reconciliation/recon-deps.js';
import {
  reopenDifference,
  resolveDifference,
} from '../../domains/reconciliation/resolve-difference.js';
import {
  type ReconRun,
  startReconciliation,
} from '../../domains/reconciliation/run-reconciliation.js';
import { AppError } from '../../errors.js';
import { router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';
import { ZMerchantId } from '../schemas.js';

const readers = { policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } } as const;
const finance = { policy: { kind: 'staff', roles: ['admin', 'finance'] } } as const;

const ZDifferenceId = z.string().regex(/^rdf_[1-9A-HJ-NP-Za-km-z]{22}$/);
const ZRunId = z.string().regex(/^rcr_[1-9A-HJ-NP-Za-km-z]{22}$/);
const ZSourceView = z
  .object({ amount: z.number().int(), currency: z.string(), status: z.string(), count: z.number() })
  .optional();
const ZDifference = z.object({
  id: z.string(),
  category: z.enum(RECON_CATEGORIES),
  kind: z.enum(RECON_KINDS),
  subjectId: z.string(),
  merchantId: z.string().nullable(),
  mode: z.enum(MODES).nullable(),
  currency: z.string(),
  delta: z.number().int(),
  details: z.object({ record: ZSourceView, ledger: ZSourceView, provider: ZSourceView }),
  subjectAt: z.string(),
  status: z.enum(RECON_DIFFERENCE_STATUSES),
  resolution: z.enum(RECON_RESOLUTIONS).nullable(),
  resolutionNote: z.string().nullable(),
  adjustmentTransferId: z.string().nullable(),
  revision: z.number().int(),
  assigneeId: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  firstRunId: z.string(),
  lastRunId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A difference as the queue and its page show it: with the names behind its ids. */
const ZNamedDifference = ZDifference.extend({
  merchantName: z.string().nullable(),
  assigneeName: z.string().nullable(),
});
const ZComment = z.object({
  id: z.string(),
  authorId: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
const ZRun = z.object({
  id: z.string(),
  merchantId: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  origin: z.enum(['schedule', 'manual']),
  status: z.enum(RECON_RUN_STATUSES),
  phase: z.string(),
  processedLines: z.number().int(),
  totalLines: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  ledgerOk: z.boolean().nullable(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

function runView(run: ReconRun): z.infer<typeof ZRun> {
  return {
    id: run.id,
    merchantId: run.merchantId,
    from: run.periodFrom.toISOString(),
    to: run.periodTo.toISOString(),
    origin: run.origin,
    status: run.status,
    phase: run.phase,
    processedLines: run.processedLines,
    totalLines: run.totalLines,
    counts: run.counts,
    ledgerOk: run.ledgerOk,
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

const ZResolution = z.discriminatedUnion('action', [
  z.object({ action: z.literal('explained'), note: z.string().trim().min(3).max(1000) }),
  z.object({
    action: z.literal('adjustment'),
    account: z.enum(['merchant', 'provider_clearing']),
    direction: z.enum(['credit', 'debit']),
    amount: ZAmount,
    reason: z.string().trim().min(3).max(1000),
    provider: ZProviderName.optional(),
    mode: z.enum(MODES).optional(),
  }),
]);

/** Reconciliation for platform staff: runs, the queue of differences, settlement uploads. */
export const reconRouter = router({
  runs: router({
    /** Starts (or joins) the run of a period, platform-wide or for one merchant; answers at once. */
    start: procedure
      .meta(finance)
      .input(
        z
          .object({
            from: z.iso.datetime({ offset: true }),
            to: z.iso.datetime({ offset: true }),
            merchantId: ZMerchantId.optional(),
          })
          .refine((r) => Date.parse(r.from) < Date.parse(r.to), {
            message: 'from must be before to',
            path: ['from'],
          })
          .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 31 * 86_400_000, {
            message: 'at most 31 days',
            path: ['to'],
          }),
      )
      .output(z.object({ run: ZRun, alreadyRunning: z.boolean() }))
      .mutation(async ({ ctx, input }) => {
        const services = paymentsOf(ctx);
        const started = await startReconciliation({
          deps: reconDepsFrom(services),
          scope: {
            from: new Date(input.from),
            to: new Date(input.to),
            merchantId: input.merchantId ?? null,
          },
          origin: 'manual',
          createdBy: staffActor(ctx).id,
        });
        // The run goes on after the answer; its progress is read with runs.get.
        started.finished?.catch((error: unknown) =>
          ctx.logger.error({ err: error, runId: started.run.id }, 'reconciliation run stopped'),
        );
        return { run: runView(started.run), alreadyRunning: started.alreadyRunning };
      }),

    get: procedure
      .meta(readers)
      .input(z.object({ runId: ZRunId }))
      .output(ZRun.extend({ ledgerReport: z.unknown() }))
      .query(async ({ ctx, input }) => {
        const [run] = await ctx.db.select().from(reconRuns).where(eq(reconRuns.id, input.runId));
        if (!run) throw new AppError('recon_run_not_found', { field: 'runId' });
        return { ...runView(run), ledgerReport: run.ledgerReport };
      }),

    list: procedure
      .meta(readers)
      .input(z.object({ limit: z.number().int().min(1).max(100).default(20) }))
      .output(z.array(ZRun))
      .query(async ({ ctx, input }) =>
        (
          await ctx.db
            .select()
            .from(reconRuns)
            .orderBy(desc(reconRuns.startedAt))
            .limit(input.limit)
        ).map(runView),
      ),
  }),

  differences: router({
    list: procedure
      .meta(readers)
      .input(
        z.object({
          status: z.enum(RECON_DIFFERENCE_STATUSES).optional(),
          category: z.enum(RECON_CATEGORIES).optional(),
          merchantId: ZMerchantId.optional(),
          assigneeId: z.string().max(40).optional(),
          limit: z.number().int().min(1).max(200).default(50),
          cursor: ZDifferenceId.optional(),
        }),
      )
      .output(z.object({ items: z.array(ZNamedDifference), nextCursor: z.string().nullable() }))
      .query(({ ctx, input }) => listDifferences({ db: ctx.db, ...input })),

    get: procedure
      .meta(readers)
      .input(z.object({ differenceId: ZDifferenceId }))
      .output(ZNamedDifference.extend({ comments: z.array(ZComment) }))
      .query(({ ctx, input }) => getDifference({ db: ctx.db, ...input })),

    assign: procedure
      .meta(finance)
      .input(
        z.object({
          differenceId: ZDifferenceId,
          assigneeId: z
            .string()
            .regex(/^stf_[1-9A-HJ-NP-Za-km-z]{22}$/)
            .nullable(),
        }),
      )
      .output(ZDifference)
      .mutation(({ ctx, input }) =>
        ctx.db.transaction((tx) => assignDifference({ tx, actor: staffActor(ctx), ...input })),
      ),

    comment: procedure
      .meta(finance)
      .input(z.object({ differenceId: ZDifferenceId, body: z.string().trim().min(1).max(2000) }))
      .output(ZComment)
      .mutation(({ ctx, input }) =>
        ctx.db.transaction((tx) => commentDifference({ tx, actor: staffActor(ctx), ...input })),
      ),

    /** An adjustment through the suspense account (with a reason), or "explained" with a note. */
    resolve: procedure
      .meta(finance)
      .input(z.object({ differenceId: ZDifferenceId, resolution: ZResolution }))
      .output(ZDifference)
      .mutation(({ ctx, input }) =>
        resolveDifference({ services: paymentsOf(ctx), actor: staffActor(ctx), ...input }),
      ),

    reopen: procedure
      .meta(finance)
      .input(z.object({ differenceId: ZDifferenceId, reason: z.string().trim().min(3).max(1000) }))
      .output(ZDifference)
      .mutation(({ ctx, input }) =>
        reopenDifference({ services: paymentsOf(ctx), actor: staffActor(ctx), ...input }),
      ),
  }),

  settlements: router({
    /** A provider's settlement report as CSV (`provider_ref,reference,type,amount,currency,fee,settled_at`). */
    upload: procedure
      .meta(finance)
      .input(z.object({ provider: ZProviderName, csv: z.string().min(1).max(900_000) }))
      .output(
        z.object({ batchId: z.string(), lines: z.number().int(), inserted: z.number().int() }),
      )
      .mutation(({ ctx, input }) =>
        importSettlementFile({
          db: ctx.db,
          ...input,
          modes: paymentsOf(ctx).providers.get(input.provider)?.modes,
        }),
      ),
  }),
});

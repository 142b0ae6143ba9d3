import { z } from 'zod';
import { procedure, staffActor } from '../../auth/authorize.js';
import { listArgs, listInputFields } from '../../db/paginate.js';
import {
  ACCOUNT_KINDS,
  MODES,
  OWNER_TYPES,
  TRANSFER_KINDS,
  TRANSFER_STATUSES,
} from '../../db/schema/index.js';
import {
  ACCOUNT_SORT_FIELDS,
  searchAccounts,
  searchTransfers,
} from '../../domains/ledger/explore-ledger.js';
import { getLastLedgerCheck, runLedgerCheck } from '../../domains/ledger/run-ledger-check.js';
import { ZAccountId, ZCurrency } from '../../domains/ledger/schemas.js';
import { poolOf } from '../../domains/reconciliation/recon-deps.js';
import { router } from '../../trpc.js';
import { ZDateTime, ZPageTotal } from '../schemas.js';
import { ZTransferView } from './orders.js';

const readers = { policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } } as const;

const ZLedgerCheck = z.object({
  id: z.string(),
  ok: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().int(),
  startedBy: z.string(),
  report: z.object({
    ok: z.boolean(),
    checkedAt: z.string(),
    accounts: z.number(),
    transfers: z.number(),
    postings: z.number(),
    totals: z.array(z.object({ currency: z.string(), mode: z.string(), sum: z.number() })),
    invariants: z.array(
      z.object({ name: z.string(), ok: z.boolean(), violations: z.array(z.unknown()) }),
    ),
  }),
});

/** The ledger explorer and its invariant check (platform staff). */
export const adminLedgerRouter = router({
  accounts: procedure
    .meta(readers)
    .input(
      z.object({
        accountId: ZAccountId.optional(),
        ownerType: z.enum(OWNER_TYPES).optional(),
        ownerId: z.string().max(64).optional(),
        kind: z.enum(ACCOUNT_KINDS).optional(),
        currency: ZCurrency.optional(),
        mode: z.enum(MODES).optional(),
        ...listInputFields(ACCOUNT_SORT_FIELDS, { field: 'createdAt', dir: 'desc' }),
      }),
    )
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.string(),
            ownerType: z.enum(OWNER_TYPES),
            ownerId: z.string(),
            kind: z.enum(ACCOUNT_KINDS),
            currency: z.string(),
            mode: z.enum(MODES),
            balance: z.number().int(),
            pendingDebits: z.number().int(),
            pendingCredits: z.number().int(),
            postings: z.number().int(),
            status: z.enum(['open', 'closed']),
            createdAt: z.string(),
            ownerName: z.string().nullable(),
          }),
        ),
        nextCursor: z.string().nullable(),
        ...ZPageTotal,
      }),
    )
    .query(({ ctx, input }) => {
      const { cursor, limit, sort, ...filter } = input;
      return searchAccounts({ db: ctx.db, filter, page: { cursor, limit, sort } });
    }),

  /** Transfers by time (newest first by default), or one account's (see searchTransfers). */
  transfers: procedure
    .meta(readers)
    .input(
      z.object({
        accountId: ZAccountId.optional(),
        kind: z.enum(TRANSFER_KINDS).optional(),
        status: z.enum(TRANSFER_STATUSES).optional(),
        from: ZDateTime.optional(),
        to: ZDateTime.optional(),
        ...listInputFields(['createdAt'], { field: 'createdAt', dir: 'desc' }),
      }),
    )
    .output(z.object({ items: z.array(ZTransferView), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => {
      return searchTransfers({ db: ctx.db, ...listArgs(input) });
    }),

  /** Runs the invariant check now and stores its result (admin, finance). */
  verify: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'finance'] } })
    .output(ZLedgerCheck)
    .mutation(({ ctx }) =>
      runLedgerCheck({
        db: ctx.db,
        pool: poolOf(ctx.db),
        redis: ctx.redis,
        actor: staffActor(ctx),
      }),
    ),

  lastCheck: procedure
    .meta(readers)
    .output(ZLedgerCheck.nullable())
    .query(({ ctx }) => getLastLedgerCheck({ db: ctx.db })),
});

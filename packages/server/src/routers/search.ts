import { z } from 'zod';
import { procedure, staffOf } from '../auth/authorize.js';
import { MERCHANT_ROLES, MODES, SEARCH_KINDS } from '../db/schema/index.js';
import { getIndexLag } from '../domains/search/get-index-lag.js';
import type { SearchScope } from '../domains/search/search-index.js';
import { searchRecords } from '../domains/search/search-records.js';
import { createSqlSearchIndex } from '../domains/search/sql-search-index.js';
import { router } from '../trpc.js';
import { ZMerchantId } from './schemas.js';

const ZHit = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.string(),
  merchantId: z.string(),
  mode: z.string(),
  title: z.string(),
  body: z.string(),
  status: z.string().nullable(),
  shopperId: z.string().nullable(),
  email: z.string().nullable(),
  createdAt: z.date(),
  match: z.enum(['exact', 'text']),
});

/**
 * The portal's global search (Ctrl/⌘-K) over the search index kept from the event stream.
 * Merchant staff must name their own merchant and search one mode (the policy refuses any other
 * merchant); platform staff search everything, or one merchant and mode when they name them.
 */
export const searchRouter = router({
  query: procedure
    .meta({
      policy: { kind: 'staff', roles: ['admin', 'support', 'finance', 'owner', 'developer'] },
    })
    .input(
      z.object({
        q: z.string().trim().min(1, 'type something to search for').max(200),
        merchantId: ZMerchantId.optional(),
        mode: z.enum(MODES).optional(),
        kinds: z.array(z.enum(SEARCH_KINDS)).max(SEARCH_KINDS.length).optional(),
        limit: z.number().int().min(1).max(50).default(20),
      }),
    )
    .output(
      z.object({
        hits: z.array(ZHit),
        shoppers: z.array(
          z.object({ shopperId: z.string(), email: z.string(), latestOrderId: z.string() }),
        ),
      }),
    )
    .query(({ ctx, input }) => {
      const staff = staffOf(ctx);
      const merchantStaff = (MERCHANT_ROLES as readonly string[]).includes(staff.role);
      const scope: SearchScope =
        merchantStaff && input.merchantId
          ? { kind: 'merchant', merchantId: input.merchantId, mode: input.mode ?? 'test' }
          : { kind: 'all', merchantId: input.merchantId, mode: input.mode };
      return searchRecords({
        index: createSqlSearchIndex({ db: ctx.db }),
        scope,
        query: input.q,
        kinds: input.kinds,
        limit: input.limit,
      });
    }),

  /** The index lag (event committed -> indexed) over the last writes, and the relay's backlog. */
  lag: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
    .output(
      z.object({
        samples: z.number().int(),
        p50Ms: z.number().nullable(),
        p99Ms: z.number().nullable(),
        maxMs: z.number().nullable(),
        lastIndexedAt: z.string().nullable(),
        pendingEvents: z.number().int(),
        oldestPendingMs: z.number().nullable(),
      }),
    )
    .query(({ ctx }) => getIndexLag({ db: ctx.db })),
});

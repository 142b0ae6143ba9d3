import { z } from 'zod';
import { procedure } from '../../auth/authorize.js';
import { MODES } from '../../db/schema/index.js';
import { ZCurrency } from '../../domains/ledger/schemas.js';
import { getDailyMetrics } from '../../domains/metrics/get-daily-metrics.js';
import { router } from '../../trpc.js';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a UTC day (YYYY-MM-DD)');

/** The dashboard: per-day figures from the warehouse table (metrics_daily). */
export const adminDashboardRouter = router({
  daily: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
    .input(
      z.object({
        from: ZDay,
        to: ZDay,
        currency: ZCurrency,
        mode: z.enum(MODES).default('live'),
      }),
    )
    .output(
      z.array(
        z.object({
          day: z.string(),
          volume: z.number().int(),
          succeeded: z.number().int(),
          failed: z.number().int(),
          successRate: z.number().nullable(),
          newMerchants: z.number().int(),
          newShoppers: z.number().int(),
        }),
      ),
    )
    .query(({ ctx, input }) => getDailyMetrics({ db: ctx.db, ...input })),
});

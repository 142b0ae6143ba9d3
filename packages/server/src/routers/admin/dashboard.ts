import { z } from 'zod';
import { procedure } from '../../auth/authorize.js';
import { MODES } from '../../db/schema/index.js';
import { ZCurrency } from '../../domains/ledger/schemas.js';
import { getDailyMetrics } from '../../domains/metrics/get-daily-metrics.js';
import { getDashboard } from '../../domains/metrics/get-dashboard.js';
import { router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a UTC day (YYYY-MM-DD)');

const ZDaily = z.object({
  day: z.string(),
  volume: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  successRate: z.number().nullable(),
  newMerchants: z.number().int(),
  newShoppers: z.number().int(),
});

const readers = { policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } } as const;

/** The dashboard: per-day figures from the warehouse table (metrics_daily). */
export const adminDashboardRouter = router({
  /**
   * What the dashboard opens on: without a mode, the one that has payments in the period (live
   * first); without a currency, the mode's busiest; the currencies to choose from (the enabled
   * list); the period's days beside the previous period's.
   */
  overview: procedure
    .meta(readers)
    .input(
      z.object({
        from: ZDay,
        to: ZDay,
        currency: ZCurrency.optional(),
        mode: z.enum(MODES).optional(),
      }),
    )
    .output(
      z.object({
        mode: z.enum(MODES),
        currency: z.string(),
        currencies: z.array(z.string()),
        hasPayments: z.object({ test: z.boolean(), live: z.boolean() }),
        from: z.string(),
        to: z.string(),
        current: z.array(ZDaily),
        previous: z.array(ZDaily),
        previousFrom: z.string(),
        previousTo: z.string(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { enabledCurrencies } = await paymentsOf(ctx).settings.current();
      return getDashboard({ db: ctx.db, ...input, enabledCurrencies });
    }),

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

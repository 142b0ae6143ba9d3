import { z } from 'zod';
import { merchantOf, procedure } from '../../auth/authorize.js';
import { signedMerchantReport } from '../../domains/reconciliation/build-merchant-report.js';
import { poolOf } from '../../domains/reconciliation/recon-deps.js';
import { router } from '../../trpc.js';

/** Merchant API: the reconciliation report of a period, signed like IPNs. */
export const reportsRouter = router({
  /**
   * The report's exact bytes (`body`, JSON or CSV) and `signature`, the `Ducat-Signature` value
   * over them: verify it as an IPN before trusting the figures.
   */
  get: procedure
    .meta({ policy: { kind: 'merchant_api' } })
    .input(
      z.object({
        from: z.iso.datetime({ offset: true }),
        to: z.iso.datetime({ offset: true }),
        format: z.enum(['json', 'csv']).default('json'),
      }),
    )
    .output(
      z.object({
        format: z.enum(['json', 'csv']),
        contentType: z.string(),
        body: z.string(),
        signature: z.string(),
      }),
    )
    .query(({ ctx, input }) => {
      const { merchantId, mode } = merchantOf(ctx);
      return signedMerchantReport({
        db: ctx.db,
        pool: poolOf(ctx.db),
        masterKey: ctx.identity.config.masterKey,
        merchantId,
        mode,
        from: new Date(input.from),
        to: new Date(input.to),
        format: input.format,
      });
    }),
});

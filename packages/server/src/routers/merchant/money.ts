import { z } from 'zod';
import { merchantOf, merchantScope, procedure } from '../../auth/authorize.js';
import { getMerchantBalance } from '../../domains/checkout/get-merchant-balance.js';
import { ZAmount, ZCurrency } from '../../domains/ledger/schemas.js';
import { ZOrderId } from '../../domains/orders/schemas.js';
import { createPayout } from '../../domains/payouts/create-payout.js';
import { listPayouts } from '../../domains/payouts/list-payouts.js';
import { createRefund } from '../../domains/refunds/create-refund.js';
import { listRefunds } from '../../domains/refunds/list-refunds.js';
import { idempotencyKeyOf, idempotentCall, router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';

const merchantApi = { policy: { kind: 'merchant_api' } } as const;

export const ZRefund = z.object({
  id: z.string(),
  orderId: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  reason: z.string().nullable(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  failureCode: z.string().nullable(),
  createdAt: z.string(),
});

export const ZPayout = z.object({
  id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  provider: z.string(),
  status: z.enum(['pending', 'paid', 'failed']),
  failureCode: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Merchant API: refunds of paid orders. */
export const refundsRouter = router({
  create: procedure
    .meta(merchantApi)
    .input(
      z.object({
        orderId: ZOrderId,
        amount: ZAmount.optional().meta({
          description: 'Minor units; the whole refundable rest when absent.',
        }),
        reason: z.string().max(500).optional(),
      }),
    )
    .output(ZRefund)
    .mutation(({ ctx, input }) => {
      const { merchantId, mode } = merchantOf(ctx);
      // No transaction around it: the refund reserves, moves money and records in short steps
      // of its own (see createRefund), so a slow provider holds no connection or row lock.
      return idempotentCall(
        ctx,
        { operation: 'refunds.create', scope: merchantScope(ctx), input },
        () =>
          createRefund({
            services: paymentsOf(ctx),
            merchantId,
            mode,
            ...input,
            idempotencyKey: idempotencyKeyOf(ctx),
          }),
      );
    }),

  list: procedure
    .meta(merchantApi)
    .input(z.object({ orderId: ZOrderId }))
    .output(z.array(ZRefund))
    .query(({ ctx, input }) => {
      const { merchantId, mode } = merchantOf(ctx);
      return listRefunds({ db: ctx.db, merchantId, mode, orderId: input.orderId });
    }),
});

/** Merchant API: withdrawals of the merchant balance. */
export const payoutsRouter = router({
  create: procedure
    .meta(merchantApi)
    .input(
      z.object({
        amount: ZAmount,
        currency: ZCurrency,
        provider: z.string().min(1).max(40).default('sandbox'),
        destination: z
          .record(z.string().max(40), z.string().max(200))
          .default({})
          .meta({ description: 'Where the provider sends the money, e.g. a bank account token.' }),
      }),
    )
    .output(ZPayout)
    .mutation(({ ctx, input }) => {
      const { merchantId, mode } = merchantOf(ctx);
      return idempotentCall(
        ctx,
        { operation: 'payouts.create', scope: merchantScope(ctx), input },
        () =>
          createPayout({
            services: paymentsOf(ctx),
            merchantId,
            mode,
            ...input,
            idempotencyKey: idempotencyKeyOf(ctx),
          }),
      );
    }),

  list: procedure
    .meta(merchantApi)
    .input(
      z.object({
        limit: z.number().int().min(1).max(100).default(20),
        cursor: z.string().max(400).optional(),
      }),
    )
    .output(z.object({ payouts: z.array(ZPayout), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => {
      const { merchantId, mode } = merchantOf(ctx);
      return listPayouts({ db: ctx.db, merchantId, mode, ...input });
    }),
});

/** The balance in one currency: `available` = `balance` - `pending` (reserved by payouts). */
export const ZBalance = z.object({
  currency: z.string(),
  balance: z.number().int(),
  pending: z.number().int(),
  available: z.number().int(),
});

/** Merchant API: the merchant's balance per currency. */
export const balanceRouter = router({
  get: procedure
    .meta(merchantApi)
    .output(z.array(ZBalance))
    .query(({ ctx }) => {
      const { merchantId, mode } = merchantOf(ctx);
      return getMerchantBalance({ db: ctx.db, merchantId, mode });
    }),
});

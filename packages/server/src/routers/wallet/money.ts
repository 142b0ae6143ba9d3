import { z } from 'zod';
import { procedure, shopperOf } from '../../auth/authorize.js';
import {
  EXCEPTION_RESOLUTIONS,
  MODES,
  ORDER_STATUSES,
  PAYMENT_METHODS,
} from '../../db/schema/index.js';
import { ZAmount, ZCurrency } from '../../domains/ledger/schemas.js';
import { listShopperOrders } from '../../domains/orders/list-shopper-orders.js';
import { depositToWallet } from '../../domains/wallet/deposit-to-wallet.js';
import { getWalletBalance } from '../../domains/wallet/get-wallet-balance.js';
import { listWalletHistory } from '../../domains/wallet/list-wallet-history.js';
import { withdrawFromWallet } from '../../domains/wallet/withdraw-from-wallet.js';
import { type Context, idempotencyKeyOf, idempotentCall, router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';
import { ZBalanceHistoryPage } from '../schemas.js';

const shopperPayment = { policy: { kind: 'shopper', rateLimit: 'payment' } } as const;

/** A shopper's Idempotency-Keys are theirs alone: another shopper's same key never collides. */
function shopperScope(ctx: Context): string {
  return `shopper:${shopperOf(ctx).userId}`;
}

const ZDeposit = z.object({
  id: z.string(),
  cardId: z.string().nullable(),
  amount: z.number().int(),
  currency: z.string(),
  mode: z.enum(MODES),
  status: z.enum(['pending', 'succeeded', 'failed']),
  failureCode: z.string().nullable(),
  createdAt: z.string(),
});

const ZWithdrawal = z.object({
  id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  mode: z.enum(MODES),
  provider: z.string(),
  status: z.enum(['pending', 'paid', 'failed']),
  failureCode: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The shopper's wallet: balance, history, deposits from a saved card, withdrawals. */
export const walletRouter = router({
  balance: procedure
    .meta({ policy: { kind: 'shopper' } })
    .output(
      z.array(
        z.object({
          currency: z.string(),
          mode: z.enum(MODES),
          balance: z.number().int(),
          pending: z.number().int(),
          available: z.number().int(),
        }),
      ),
    )
    .query(({ ctx }) => getWalletBalance({ db: ctx.db, userId: shopperOf(ctx).userId })),

  history: procedure
    .meta({ policy: { kind: 'shopper' } })
    .input(
      z.object({
        currency: ZCurrency,
        mode: z.enum(MODES).default('test'),
        limit: z.number().int().min(1).max(100).default(20),
        cursor: z
          .string()
          .regex(/^\d{1,20}$/, 'not a cursor')
          .optional(),
      }),
    )
    .output(ZBalanceHistoryPage)
    .query(({ ctx, input }) =>
      listWalletHistory({ db: ctx.db, userId: shopperOf(ctx).userId, ...input }),
    ),

  /** The orders the shopper paid or tried to pay, newest first (live and archived). */
  orders: procedure
    .meta({ policy: { kind: 'shopper' } })
    .input(
      z.object({
        limit: z.number().int().min(1).max(100).default(20),
        cursor: z.string().max(200).optional(),
      }),
    )
    .output(
      z.object({
        orders: z.array(
          z.object({
            id: z.string(),
            merchantName: z.string(),
            mode: z.enum(MODES),
            amount: z.number().int(),
            currency: z.string(),
            description: z.string().nullable(),
            status: z.enum(ORDER_STATUSES),
            paymentMethod: z.enum(PAYMENT_METHODS).nullable(),
            refundedAmount: z.number().int(),
            createdAt: z.string(),
            finalAt: z.string().nullable(),
            exceptionResolution: z.enum(EXCEPTION_RESOLUTIONS).nullable(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) =>
      listShopperOrders({
        db: ctx.db,
        merchants: paymentsOf(ctx).merchants,
        shopperId: shopperOf(ctx).userId,
        ...input,
      }),
    ),

  /** Charges one of the shopper's saved cards into their wallet. `Idempotency-Key` honoured. */
  deposit: procedure
    .meta(shopperPayment)
    .input(
      z.object({
        cardId: z.string().min(1).max(40),
        amount: ZAmount,
        currency: ZCurrency,
        /** The card's mode when left out; another mode is `provider_mode_mismatch`. */
        mode: z.enum(MODES).optional(),
      }),
    )
    .output(ZDeposit)
    .mutation(({ ctx, input }) =>
      idempotentCall(ctx, { operation: 'wallet.deposit', scope: shopperScope(ctx), input }, () =>
        depositToWallet({
          services: paymentsOf(ctx),
          userId: shopperOf(ctx).userId,
          ...input,
          idempotencyKey: idempotencyKeyOf(ctx),
        }),
      ),
    ),

  /** Pays part of the wallet out through a provider. `Idempotency-Key` honoured. */
  withdraw: procedure
    .meta(shopperPayment)
    .input(
      z.object({
        amount: ZAmount,
        currency: ZCurrency,
        provider: z.string().min(1).max(40).default('sandbox'),
        /** Which wallet pays out; the provider must serve that mode. */
        mode: z.enum(MODES).default('test'),
        /** Where the provider sends the money (e.g. a bank account token). */
        destination: z.record(z.string().max(40), z.string().max(200)),
      }),
    )
    .output(ZWithdrawal)
    .mutation(({ ctx, input }) =>
      idempotentCall(ctx, { operation: 'wallet.withdraw', scope: shopperScope(ctx), input }, () =>
        withdrawFromWallet({
          services: paymentsOf(ctx),
          userId: shopperOf(ctx).userId,
          ...input,
          idempotencyKey: idempotencyKeyOf(ctx),
        }),
      ),
    ),
});

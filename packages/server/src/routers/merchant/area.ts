import { z } from 'zod';
import { procedure, staffActor } from '../../auth/authorize.js';
import { listArgs, listInputFields } from '../../db/paginate.js';
import { MODES, ORDER_STATUSES, REFUND_STATUSES } from '../../db/schema/index.js';
import { getMerchantBalance } from '../../domains/checkout/get-merchant-balance.js';
import { listAccountHistory } from '../../domains/ledger/list-account-history.js';
import { ZAmount, ZCurrency, ZIdempotencyKey } from '../../domains/ledger/schemas.js';
import { getApplicationStatus } from '../../domains/merchants/get-application-status.js';
import { rotateMerchantCredential } from '../../domains/merchants/rotate-merchant-credential.js';
import { getMerchantOverview } from '../../domains/metrics/get-merchant-overview.js';
import { getMerchantOrderDetail } from '../../domains/orders/get-merchant-order-detail.js';
import { getOrder } from '../../domains/orders/get-order.js';
import { listOrdersForPortal } from '../../domains/orders/list-orders-for-portal.js';
import { ZOrder, ZOrderId, ZPortalOrderPage } from '../../domains/orders/schemas.js';
import { ORDER_SORT_FIELDS } from '../../domains/orders/search-orders.js';
import { createPayout } from '../../domains/payouts/create-payout.js';
import { PAYOUT_SORT_FIELDS, searchPayouts } from '../../domains/payouts/list-payouts.js';
import { signedMerchantReport } from '../../domains/reconciliation/build-merchant-report.js';
import { poolOf } from '../../domains/reconciliation/recon-deps.js';
import { REFUND_SORT_FIELDS, searchRefunds } from '../../domains/refunds/list-refunds.js';
import { refundMerchantOrder } from '../../domains/refunds/refund-merchant-order.js';
import { idempotentCall, router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';
import {
  ZBalance,
  ZBalanceHistoryPage,
  ZCredential,
  ZDateTime,
  ZGraceSeconds,
  ZMerchantId,
  ZPageTotal,
} from '../schemas.js';
import { ZIpnAttempt } from './ipn.js';
import { ZPayout, ZRefund } from './money.js';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a UTC day (YYYY-MM-DD)');

const ZMerchantDay = z.object({
  day: z.string(),
  volume: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
});

/** What the merchant area's order page shows (`getMerchantOrderDetail`). */
export const ZMerchantOrderDetail = z.object({
  order: ZOrder,
  payer: z.object({ email: z.string() }).nullable(),
  method: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('wallet') }),
      z.object({
        kind: z.literal('card'),
        provider: z.string(),
        brand: z.string(),
        last4: z.string(),
      }),
      z.object({ kind: z.literal('provider'), provider: z.string() }),
    ])
    .nullable(),
  money: z.object({
    gross: z.number().int(),
    fee: z.number().int(),
    refunded: z.number().int(),
    net: z.number().int(),
    currency: z.string(),
  }),
  refunds: z.array(ZRefund),
  timeline: z.array(
    z.object({ seq: z.number(), eventId: z.string(), type: z.string(), occurredAt: z.string() }),
  ),
  ipnDeliveries: z.array(
    z.object({
      id: z.string(),
      eventId: z.string(),
      type: z.string(),
      url: z.string(),
      endpointId: z.string().nullable(),
      status: z.enum(['pending', 'delivered', 'failed']),
      lastStatusCode: z.number().nullable(),
      lastError: z.string().nullable(),
      createdAt: z.string(),
      deliveredAt: z.string().nullable(),
      attemptLog: z.array(ZIpnAttempt),
    }),
  ),
});

/**
 * The merchant area of the portal: the merchant's own staff (owner, developer) on their own
 * merchant only (the policy layer refuses any other `merchantId` before the procedure runs), and
 * platform staff looking at any merchant.
 *
 * Test and live data are told apart by `mode`, as in the merchant API: every list and money
 * action here takes the mode the portal's switch shows (default `test`, the only mode a pending
 * merchant has); reading one order by id answers it whatever its mode (the order says which).
 */
const everyone = {
  policy: { kind: 'staff', roles: ['admin', 'support', 'finance', 'owner', 'developer'] },
} as const;
const owner = { policy: { kind: 'staff', roles: ['owner'] } } as const;
const ZMode = z.enum(MODES).default('test');
export const merchantAreaRouters = {
  orders: router({
    list: procedure
      .meta(everyone)
      .input(
        z.object({
          merchantId: ZMerchantId,
          mode: ZMode,
          orderId: ZOrderId.optional(),
          reference: z.string().max(191).optional(),
          status: z.enum(ORDER_STATUSES).optional(),
          from: ZDateTime.optional(),
          to: ZDateTime.optional(),
          ...listInputFields(ORDER_SORT_FIELDS, { field: 'createdAt', dir: 'desc' }),
        }),
      )
      .output(ZPortalOrderPage)
      .query(({ ctx, input }) => {
        return listOrdersForPortal({ db: ctx.db, ...listArgs(input) });
      }),

    /** One order of this merchant (either mode); another merchant's is `order_not_found`. */
    get: procedure
      .meta(everyone)
      .input(z.object({ merchantId: ZMerchantId, orderId: ZOrderId }))
      .output(ZOrder)
      .query(({ ctx, input }) => getOrder({ db: ctx.db, ...input })),

    /**
     * One order of this merchant with what its page shows: payer, method, gross / fee / net,
     * refunds, timeline, IPN deliveries (target URL, attempts). Another merchant's is
     * `order_not_found`.
     */
    detail: procedure
      .meta(everyone)
      .input(z.object({ merchantId: ZMerchantId, orderId: ZOrderId }))
      .output(ZMerchantOrderDetail)
      .query(({ ctx, input }) => getMerchantOrderDetail({ db: ctx.db, ...input })),
  }),

  refunds: router({
    /**
     * Refunds all (no amount) or part of a paid order, in the order's mode. Idempotent under
     * `idempotencyKey` (or the Idempotency-Key header): a retry continues the same refund.
     */
    create: procedure
      .meta(owner)
      .input(
        z.object({
          merchantId: ZMerchantId,
          orderId: ZOrderId,
          amount: ZAmount.optional(),
          reason: z.string().max(500).optional(),
          idempotencyKey: ZIdempotencyKey.optional(),
        }),
      )
      .output(ZRefund)
      .mutation(({ ctx, input }) =>
        idempotentCall(
          ctx,
          {
            operation: 'merchant.refunds.create',
            scope: `staff:${input.merchantId}`,
            input,
            key: input.idempotencyKey,
          },
          () => refundMerchantOrder({ services: paymentsOf(ctx), ...input }),
        ),
      ),

    list: procedure
      .meta(everyone)
      .input(
        z.object({
          merchantId: ZMerchantId,
          mode: ZMode,
          orderId: ZOrderId.optional(),
          status: z.enum(REFUND_STATUSES).optional(),
          from: ZDateTime.optional(),
          to: ZDateTime.optional(),
          ...listInputFields(REFUND_SORT_FIELDS, { field: 'createdAt', dir: 'desc' }),
        }),
      )
      .output(
        z.object({
          items: z.array(ZRefund.extend({ mode: z.enum(MODES), merchantId: z.string() })),
          nextCursor: z.string().nullable(),
        }),
      )
      .query(({ ctx, input }) => {
        return searchRefunds({ db: ctx.db, ...listArgs(input) });
      }),
  }),

  balance: router({
    /** Per currency: posted balance, pending (reserved by payouts and refunds), available. */
    get: procedure
      .meta(everyone)
      .input(z.object({ merchantId: ZMerchantId, mode: ZMode }))
      .output(z.array(ZBalance))
      .query(({ ctx, input }) => getMerchantBalance({ db: ctx.db, ...input })),

    /** The balance's movements newest first, each with the running balance after it. */
    history: procedure
      .meta(everyone)
      .input(
        z.object({
          merchantId: ZMerchantId,
          mode: ZMode,
          currency: ZCurrency,
          from: ZDateTime.optional(),
          to: ZDateTime.optional(),
          limit: z.number().int().min(1).max(200).default(50),
          cursor: z
            .string()
            .regex(/^\d{1,20}$/)
            .optional(),
        }),
      )
      .output(ZBalanceHistoryPage)
      .query(({ ctx, input }) =>
        listAccountHistory({
          db: ctx.db,
          ownerType: 'merchant',
          ownerId: input.merchantId,
          kind: 'merchant_balance',
          currency: input.currency,
          mode: input.mode,
          limit: input.limit,
          cursor: input.cursor,
          from: input.from ? new Date(input.from) : undefined,
          to: input.to ? new Date(input.to) : undefined,
        }),
      ),
  }),

  payouts: router({
    list: procedure
      .meta(everyone)
      .input(
        z.object({
          merchantId: ZMerchantId,
          mode: ZMode,
          ...listInputFields(PAYOUT_SORT_FIELDS, { field: 'createdAt', dir: 'desc' }),
        }),
      )
      .output(
        z.object({ items: z.array(ZPayout), nextCursor: z.string().nullable(), ...ZPageTotal }),
      )
      .query(({ ctx, input }) => {
        const { cursor, limit, sort, merchantId, mode } = input;
        return searchPayouts({ db: ctx.db, merchantId, mode, page: { cursor, limit, sort } });
      }),

    /** Pays part of the available balance out (owner only); idempotent like refunds.create. */
    create: procedure
      .meta(owner)
      .input(
        z.object({
          merchantId: ZMerchantId,
          mode: z.enum(MODES),
          amount: ZAmount,
          currency: ZCurrency,
          provider: z.string().min(1).max(40).default('sandbox'),
          destination: z.record(z.string().max(40), z.string().max(200)).default({}),
          idempotencyKey: ZIdempotencyKey.optional(),
        }),
      )
      .output(ZPayout)
      .mutation(({ ctx, input }) => {
        const { idempotencyKey, ...payout } = input;
        return idempotentCall(
          ctx,
          {
            operation: 'merchant.payouts.create',
            scope: `${input.merchantId}:${input.mode}`,
            input,
            key: idempotencyKey,
          },
          () => createPayout({ services: paymentsOf(ctx), ...payout, idempotencyKey }),
        );
      }),
  }),

  reports: router({
    /**
     * The reconciliation report of a period (at most 31 days), exactly as the merchant API
     * serves it: `body` (JSON or CSV, for download) and its `signature`.
     */
    get: procedure
      .meta(everyone)
      .input(
        z.object({
          merchantId: ZMerchantId,
          mode: ZMode,
          from: ZDateTime,
          to: ZDateTime,
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
      .query(({ ctx, input }) =>
        signedMerchantReport({
          db: ctx.db,
          pool: poolOf(ctx.db),
          masterKey: ctx.identity.config.masterKey,
          merchantId: input.merchantId,
          mode: input.mode,
          from: new Date(input.from),
          to: new Date(input.to),
          format: input.format,
        }),
      ),
  }),

  application: router({
    /** The onboarding application's status (a pending merchant's owner signs in to see it). */
    status: procedure
      .meta(everyone)
      .input(z.object({ merchantId: ZMerchantId }))
      .output(
        z.object({
          merchantId: z.string(),
          businessName: z.string(),
          status: z.enum(['pending', 'active', 'suspended', 'closed']),
          submittedAt: z.string(),
          decidedAt: z.string().nullable(),
          reason: z.string().nullable(),
          testModeAvailable: z.boolean(),
          liveModeAvailable: z.boolean(),
        }),
      )
      .query(({ ctx, input }) => getApplicationStatus({ db: ctx.db, ...input })),
  }),

  /**
   * The overview's figures: paid and failed orders and volume per UTC day, beside the previous
   * period; without a mode or currency, the ones that have payments (see `getMerchantOverview`).
   */
  overview: procedure
    .meta(everyone)
    .input(
      z.object({
        merchantId: ZMerchantId,
        from: ZDay,
        to: ZDay,
        mode: z.enum(MODES).optional(),
        currency: ZCurrency.optional(),
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
        current: z.array(ZMerchantDay),
        previous: z.array(ZMerchantDay),
        previousFrom: z.string(),
        previousTo: z.string(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { enabledCurrencies } = await paymentsOf(ctx).settings.current();
      return getMerchantOverview({ db: ctx.db, ...input, enabledCurrencies });
    }),
};

/** `merchant.credentials.rotate`: added beside issue/list/revoke in the merchant router. */
export const rotateCredential = procedure
  .meta({ policy: { kind: 'staff', roles: ['owner', 'developer'] } })
  .input(
    z.object({
      merchantId: ZMerchantId,
      credentialId: z.string().max(40),
      graceSeconds: ZGraceSeconds.optional(),
    }),
  )
  .output(z.object({ credential: ZCredential, secret: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const rotated = await ctx.db.transaction((tx) =>
      rotateMerchantCredential({
        tx,
        actor: staffActor(ctx),
        masterKey: ctx.identity.config.masterKey,
        merchantId: input.merchantId,
        credentialId: input.credentialId,
        graceSeconds: input.graceSeconds ?? ctx.identity.config.keyRotationGraceSeconds,
      }),
    );
    await ctx.identity.credentials.invalidate(input.merchantId);
    return rotated;
  });

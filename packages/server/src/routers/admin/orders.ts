import { z } from 'zod';
import { procedure } from '../../auth/authorize.js';
import { listArgs, listInputFields } from '../../db/paginate.js';
import { MODES, ORDER_STATUSES } from '../../db/schema/index.js';
import { ZAmount, ZCurrency } from '../../domains/ledger/schemas.js';
import { getOrderDetail } from '../../domains/orders/get-order-detail.js';
import { listOrdersForPortal } from '../../domains/orders/list-orders-for-portal.js';
import { ZOrder, ZOrderId, ZPortalOrderPage } from '../../domains/orders/schemas.js';
import { ORDER_SORT_FIELDS } from '../../domains/orders/search-orders.js';
import { router } from '../../trpc.js';
import { ZIpnAttempt, ZIpnDelivery } from '../merchant/ipn.js';
import { ZRefund } from '../merchant/money.js';
import { ZDateTime, ZMerchantId } from '../schemas.js';

const readers = { policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } } as const;

export const ZTransferView = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  debitAccountId: z.string(),
  creditAccountId: z.string(),
  amount: z.number().int(),
  postedAmount: z.number().int().nullable(),
  currency: z.string(),
  kind: z.string(),
  status: z.string(),
  reference: z.string().nullable(),
  linkedId: z.string().nullable(),
  metadata: z.unknown(),
  createdAt: z.string(),
  postedAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
});

/** Orders across all merchants (platform staff): search, and one order with everything about it. */
export const adminOrdersRouter = router({
  list: procedure
    .meta(readers)
    .input(
      z.object({
        orderId: ZOrderId.optional(),
        merchantId: ZMerchantId.optional(),
        shopperId: z
          .string()
          .regex(/^usr_[1-9A-HJ-NP-Za-km-z]{22}$/)
          .optional(),
        mode: z.enum(MODES).optional(),
        reference: z.string().max(191).optional(),
        status: z.enum(ORDER_STATUSES).optional(),
        currency: ZCurrency.optional(),
        from: ZDateTime.optional(),
        to: ZDateTime.optional(),
        minAmount: ZAmount.optional(),
        maxAmount: ZAmount.optional(),
        ...listInputFields(ORDER_SORT_FIELDS, { field: 'createdAt', dir: 'desc' }),
      }),
    )
    .output(ZPortalOrderPage)
    .query(({ ctx, input }) => {
      return listOrdersForPortal({ db: ctx.db, ...listArgs(input) });
    }),

  get: procedure
    .meta(readers)
    .input(z.object({ orderId: ZOrderId }))
    .output(
      z.object({
        order: ZOrder.extend({
          shopperId: z.string().nullable(),
          flaggedAt: z.string().nullable(),
        }),
        timeline: z.array(
          z.object({
            seq: z.number(),
            eventId: z.string(),
            type: z.string(),
            occurredAt: z.string(),
            payload: z.unknown(),
          }),
        ),
        transfers: z.array(ZTransferView),
        providerPayments: z.array(
          z.object({
            id: z.string(),
            provider: z.string(),
            providerRef: z.string().nullable(),
            purpose: z.string(),
            amount: z.number().int(),
            currency: z.string(),
            status: z.string(),
            failureCode: z.string().nullable(),
            createdAt: z.string(),
            updatedAt: z.string(),
            settledAt: z.string().nullable(),
            flaggedAt: z.string().nullable(),
          }),
        ),
        ipnDeliveries: z.array(ZIpnDelivery.extend({ attemptLog: z.array(ZIpnAttempt) })),
        riskDecisions: z.array(
          z.object({
            id: z.string(),
            method: z.string(),
            amount: z.number().int(),
            currency: z.string(),
            decision: z.string(),
            reasons: z.array(z.string()),
            ruleVersion: z.number().int(),
            fallback: z.boolean(),
            inputs: z.unknown(),
            createdAt: z.string(),
          }),
        ),
        refunds: z.array(ZRefund),
        exceptions: z.array(
          z.object({
            id: z.string(),
            status: z.string(),
            amount: z.number().int(),
            currency: z.string(),
            note: z.string().nullable(),
            createdAt: z.string(),
            resolvedAt: z.string().nullable(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => getOrderDetail({ db: ctx.db, orderId: input.orderId })),
});

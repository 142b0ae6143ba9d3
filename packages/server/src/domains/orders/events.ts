import { z } from 'zod';
import {
  EXCEPTION_RESOLUTIONS,
  MODES,
  ORDER_STATUSES,
  REFUND_STATUSES,
} from '../../db/schema/index.js';
import { defineEvent } from '../../events/catalogue.js';

export const orderCreated = defineEvent({
  type: 'order.created',
  version: 1,
  aggregateType: 'order',
  description: 'A merchant created an order; it awaits payment until it expires.',
  schema: z.object({
    orderId: z.string(),
    merchantId: z.string(),
    mode: z.enum(MODES),
    amount: z.number().int(),
    currency: z.string(),
    expiresAt: z.string(),
  }),
});

export const orderStatusChanged = defineEvent({
  type: 'order.status_changed',
  version: 1,
  aggregateType: 'order',
  description:
    'An order moved between statuses (paid, failed, rejected by risk, timed out, exception, refunded).',
  schema: z.object({
    orderId: z.string(),
    merchantId: z.string(),
    mode: z.enum(MODES),
    from: z.enum(ORDER_STATUSES),
    to: z.enum(ORDER_STATUSES),
    version: z.number().int(),
    amount: z.number().int(),
    currency: z.string(),
    failureCode: z.string().nullable(),
    // Added for the risk features (per-shopper outcomes); absent in events written before.
    shopperId: z.string().nullable().optional(),
    // Added with campaigns (issue 22): `amount` is what was charged; absent in older events.
    grossAmount: z.number().int().optional(),
    discountAmount: z.number().int().optional(),
    campaignId: z.string().nullable().optional(),
    pointsEarned: z.number().int().optional(),
    pointsRedeemed: z.number().int().optional(),
  }),
});

export const orderPaymentFailed = defineEvent({
  type: 'order.payment_failed',
  version: 1,
  aggregateType: 'order',
  description:
    "A payment attempt on an order failed (a decline, a provider error). The order stays payable until the merchant's limit of failed attempts; the last one also moves it to error_checkout.",
  schema: z.object({
    orderId: z.string(),
    merchantId: z.string(),
    mode: z.enum(MODES),
    paymentId: z.string(),
    provider: z.string(),
    /** The provider's stable code: card_declined, insufficient_funds, … */
    failureCode: z.string(),
    /** 1 for the first failed attempt of this order, 2 for the next, … */
    attempt: z.number().int(),
    maxFailedAttempts: z.number().int(),
    /** True when this attempt used the last one up: the order is now error_checkout. */
    final: z.boolean(),
    amount: z.number().int(),
    currency: z.string(),
  }),
});

export const refundChanged = defineEvent({
  type: 'order.refund_changed',
  version: 1,
  aggregateType: 'order',
  description: 'A refund of an order was created, succeeded or failed.',
  schema: z.object({
    refundId: z.string(),
    orderId: z.string(),
    merchantId: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    status: z.enum(REFUND_STATUSES),
  }),
});

export const orderExceptionResolved = defineEvent({
  type: 'order.exception_resolved',
  version: 1,
  aggregateType: 'order',
  description:
    'Platform staff resolved a payment that arrived after its order expired: refunded to the shopper, or honoured.',
  schema: z.object({
    orderId: z.string(),
    merchantId: z.string(),
    mode: z.enum(MODES),
    exceptionId: z.string(),
    resolution: z.enum(EXCEPTION_RESOLUTIONS),
    amount: z.number().int(),
    currency: z.string(),
    version: z.number().int(),
  }),
});

export const orderDiscountApplied = defineEvent({
  type: 'order.discount_applied',
  version: 1,
  aggregateType: 'order',
  description:
    "A campaign discount was applied to an open order at checkout (or replaced by a typed code's): the order's share of the campaign budget is reserved.",
  schema: z.object({
    orderId: z.string(),
    merchantId: z.string(),
    mode: z.enum(MODES),
    campaignId: z.string(),
    /** The campaign whose reservation this one replaced, if any. */
    previousCampaignId: z.string().nullable(),
    grossAmount: z.number().int(),
    discountAmount: z.number().int(),
    /** What the shopper will be charged. */
    amount: z.number().int(),
    currency: z.string(),
    shopperId: z.string().nullable(),
  }),
});

export const orderEvents = [
  orderDiscountApplied,
  orderCreated,
  orderStatusChanged,
  orderPaymentFailed,
  refundChanged,
  orderExceptionResolved,
] as const;

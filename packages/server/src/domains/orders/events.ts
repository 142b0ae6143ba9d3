import { z } from 'zod';
import { MODES, ORDER_STATUSES, REFUND_STATUSES } from '../../db/schema/index.js';
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

export const orderEvents = [orderCreated, orderStatusChanged, refundChanged] as const;

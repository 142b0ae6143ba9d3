import { z } from 'zod';
import {
  EXCEPTION_RESOLUTIONS,
  MODES,
  ORDER_STATUSES,
  PAYMENT_METHODS,
} from '../../db/schema/index.js';
import { ZAmount, ZCurrency } from '../ledger/schemas.js';

export const ZOrderId = z.string().regex(/^ord_[1-9A-HJ-NP-Za-km-z]{22}$/, 'an order id (ord_…)');

const ZUrl = z
  .url()
  .max(500)
  .refine((u) => /^https?:\/\//.test(u), 'an http(s) URL');

export const ZOrderItem = z.object({
  name: z.string().trim().min(1).max(200),
  quantity: z.number().int().min(1).max(100_000),
  unitAmount: z.number().int().min(0).max(1_000_000_000_000),
});

export const ZCreateOrderInput = z
  .object({
    reference: z
      .string()
      .min(1)
      .max(191)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
    amount: ZAmount,
    currency: ZCurrency,
    description: z.string().max(500).optional(),
    items: z.array(ZOrderItem).max(100).optional(),
    returnUrl: ZUrl,
    cancelUrl: ZUrl,
    /**
     * How long the shopper has to pay, in seconds: at least 300 (5 minutes, far above any
     * internal timeout) and at most ORDER_MAX_EXPIRY_HOURS; the platform default when absent.
     */
    expiresInSeconds: z.number().int().min(300, 'at least 300 seconds (5 minutes)').optional(),
    metadata: z
      .record(z.string().min(1).max(40), z.string().max(500))
      .refine((m) => Object.keys(m).length <= 20, 'at most 20 keys')
      .optional(),
    /**
     * Hex HMAC-SHA256, under the API key that signed the request's JWT, of the canonical JSON of
     * every other field (keys sorted at every level). Required above the merchant's threshold.
     */
    signature: z
      .string()
      .regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters')
      .optional(),
  })
  .refine(
    (o) =>
      o.items === undefined ||
      o.items.reduce((sum, i) => sum + i.quantity * i.unitAmount, 0) === o.amount,
    { message: 'the items must add up to the amount', path: ['items'] },
  );
export type CreateOrderInput = z.infer<typeof ZCreateOrderInput>;

export const ZOrder = z.object({
  id: z.string(),
  merchantId: z.string(),
  mode: z.enum(MODES),
  reference: z.string(),
  /** What the shopper is charged: `grossAmount` less `discountAmount`. */
  amount: z.number().int(),
  /** What the merchant asked for. */
  grossAmount: z.number().int(),
  discountAmount: z.number().int(),
  campaignId: z.string().nullable(),
  pointsEarned: z.number().int(),
  pointsRedeemed: z.number().int(),
  currency: z.string(),
  description: z.string().nullable(),
  items: z.array(ZOrderItem).nullable(),
  returnUrl: z.string(),
  cancelUrl: z.string(),
  metadata: z.record(z.string(), z.string()).nullable(),
  status: z.enum(ORDER_STATUSES),
  version: z.number().int(),
  expiresAt: z.string(),
  paymentMethod: z.enum(PAYMENT_METHODS).nullable(),
  capturedAmount: z.number().int(),
  feeAmount: z.number().int(),
  refundedAmount: z.number().int(),
  failureCode: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finalAt: z.string().nullable(),
  exceptionResolution: z.enum(EXCEPTION_RESOLUTIONS).nullable(),
  archived: z.boolean(),
});

export const ZCheckoutLink = z.object({
  token: z.string(),
  url: z.string(),
  expiresAt: z.string(),
});

export const ZListOrdersInput = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  reference: z.string().max(191).optional(),
  createdFrom: z.iso.datetime().optional(),
  createdTo: z.iso.datetime().optional(),
  limit: z.number().int().min(1).max(100).default(20),
  /** From the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});
export type ListOrdersInput = z.infer<typeof ZListOrdersInput>;

/** An order in the portals' lists: with its merchant's name and its shopper's email. */
export const ZPortalOrder = ZOrder.extend({
  merchantName: z.string(),
  shopperId: z.string().nullable(),
  shopperEmail: z.string().nullable(),
});

/** A page of the portals' order lists, with how many orders match in all. */
export const ZPortalOrderPage = z.object({
  items: z.array(ZPortalOrder),
  nextCursor: z.string().nullable(),
  total: z.number().int().nonnegative(),
});

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
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
      .meta({
        description:
          'Your own id for the order: unique per merchant and mode, printable ASCII, no spaces.',
      }),
    amount: ZAmount.meta({ description: 'Minor units (integer): 2500 EUR is 25.00 €.' }),
    currency: ZCurrency.meta({ description: 'ISO 4217, e.g. `EUR`.' }),
    description: z.string().max(500).optional(),
    items: z.array(ZOrderItem).max(100).optional(),
    returnUrl: ZUrl.meta({
      description:
        'Where the shopper lands after paying, with signed parameters (see `callbacks.verify`).',
    }),
    cancelUrl: ZUrl.meta({ description: 'Where the shopper goes when they give up.' }),
    // At least 300 s: far above any internal timeout (ORDER_MAX_EXPIRY_HOURS caps it).
    expiresInSeconds: z
      .number()
      .int()
      .min(300, 'at least 300 seconds (5 minutes)')
      .optional()
      .meta({
        description:
          'How long the shopper has to pay, in seconds: at least 300 and at most the platform maximum (7 days by default); the platform default (60 minutes unless staff changed it) when absent.',
      }),
    metadata: z
      .record(z.string().min(1).max(40), z.string().max(500))
      .refine((m) => Object.keys(m).length <= 20, 'at most 20 keys')
      .optional()
      .meta({ description: 'Up to 20 string pairs, returned with the order and in IPNs.' }),
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
  amount: z
    .number()
    .int()
    .meta({ description: 'What the shopper is charged: `grossAmount` less `discountAmount`.' }),
  grossAmount: z
    .number()
    .int()
    .meta({ description: 'What you asked for when you created the order.' }),
  discountAmount: z.number().int().meta({
    description:
      'The campaign discount you give on this order (0 without one); you receive `amount`.',
  }),
  campaignId: z
    .string()
    .nullable()
    .meta({ description: 'The campaign whose discount the order holds, or null.' }),
  pointsEarned: z.number().int().meta({
    description: 'Bonus points earned with this order (bonus points are not available yet: 0).',
  }),
  pointsRedeemed: z.number().int().meta({
    description: 'Bonus points the shopper paid with (bonus points are not available yet: 0).',
  }),
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
  exceptionResolution: z.enum(EXCEPTION_RESOLUTIONS).nullable().meta({
    description:
      'Set on an `exception_checkout` order (a payment that arrived after the order expired) once platform staff resolved it: `refunded` (the money went back to the shopper) or `honoured` (the order is then `checkout_success`). Null otherwise.',
  }),
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
  createdFrom: z.iso.datetime().optional().meta({ description: 'ISO 8601 date-time, inclusive.' }),
  createdTo: z.iso.datetime().optional().meta({ description: 'ISO 8601 date-time, exclusive.' }),
  limit: z.number().int().min(1).max(100).default(20).meta({ description: 'Page size, 1 to 100.' }),
  cursor: z.string().max(200).optional().meta({ description: "The previous page's `nextCursor`." }),
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

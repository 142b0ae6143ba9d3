import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { ipnDeliveries, MODES, type Mode } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';

/** The IPN types the orders code sends today; merchants switch on them, so never rename one. */
export const IPN_TYPES = [
  'order.checkout_success',
  'order.error_checkout',
  'order.reject_risk_service',
  'order.timeout',
  'order.exception_checkout',
  'order.refunded',
  'order.partially_refunded',
  'refund.succeeded',
  'refund.failed',
] as const;

/** Any `order.*`, `refund.*` or `payout.*` type, so new events need no change here. */
export const ZIpnType = z
  .string()
  .regex(/^(order|refund|payout)\.[a-z][a-z0-9_]{0,50}$/, 'an IPN type such as order.timeout');

/** What the merchant receives (the exact bytes are `JSON.stringify` of this). */
export type IpnBody = {
  /** The event id (`evt_…`): the same on every attempt; merchants deduplicate on it. */
  id: string;
  type: string;
  /** Unix seconds when the event happened. */
  created: number;
  livemode: boolean;
  /** Per order 1, 2, …: a merchant that sees seq 3 before 2 knows 2 is still coming. */
  seq: number;
  data: { order: Record<string, unknown> };
};

const ZEnqueueIpn = z.object({
  merchantId: z.string().min(1).max(40),
  mode: z.enum(MODES),
  orderId: z.string().min(1).max(40),
  seq: z.number().int().min(1).max(4_294_967_295),
  type: ZIpnType,
  order: z.record(z.string(), z.unknown()),
  url: z
    .url()
    .max(500)
    .refine((u) => /^https?:\/\//.test(u), 'an http(s) URL'),
  now: z.date().optional(),
  retryWindowMs: z.number().int().positive(),
});

/**
 * Records one IPN for delivery, in the caller's transaction: it exists exactly when the order
 * change it reports committed, and the delivery worker posts it from there (signed at send
 * time). The caller computes `seq` (the order's IPN counter) in the same transaction.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   // … update the order to checkout_success, bump orders.ipn_seq to 3 …
 *   await enqueueIpn({ tx, merchantId, mode, orderId, seq: 3, type: 'order.checkout_success',
 *     order: orderSnapshot, url: merchant.ipnUrl, retryWindowMs: 72 * 3_600_000 });
 * });
 */
export async function enqueueIpn(options: {
  tx: Tx;
  merchantId: string;
  mode: Mode;
  orderId: string;
  seq: number;
  type: string;
  order: Record<string, unknown>;
  url: string;
  now?: Date;
  retryWindowMs: number;
}): Promise<{ deliveryId: string; eventId: string }> {
  const { tx, ...fields } = options;
  const parsed = ZEnqueueIpn.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('validation_failed', {
      message: `Invalid IPN: ${issue?.path.join('.')}: ${issue?.message}`,
      field: issue?.path.join('.'),
    });
  }
  const input = parsed.data;
  const now = input.now ?? new Date();
  const deliveryId = newId('ipn');
  const eventId = newId('evt');
  const body: IpnBody = {
    id: eventId,
    type: input.type,
    created: Math.floor(now.getTime() / 1000),
    livemode: input.mode === 'live',
    seq: input.seq,
    data: { order: input.order },
  };
  await tx.insert(ipnDeliveries).values({
    id: deliveryId,
    eventId,
    merchantId: input.merchantId,
    mode: input.mode,
    orderId: input.orderId,
    type: input.type,
    seq: input.seq,
    body,
    url: input.url,
    status: 'pending',
    nextAttemptAt: now,
    giveUpAt: new Date(now.getTime() + input.retryWindowMs),
    createdAt: now,
  });
  return { deliveryId, eventId };
}

import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { events, ipnDeliveries, MODES, type Mode } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';

/**
 * Every event type the platform sends (the READMEs' lists are held to this by a test), and so
 * every type a webhook endpoint can subscribe to. Merchants switch on them: never rename one.
 */
export const IPN_TYPES = [
  'order.checkout_success',
  'order.error_checkout',
  'order.payment_failed',
  'order.reject_risk_service',
  'order.timeout',
  'order.exception_checkout',
  'order.exception_resolved',
  'order.refunded',
  'order.partially_refunded',
  'order.cancelled',
  'order.reconciliation_difference',
  'refund.succeeded',
  'refund.failed',
  'payout.paid',
  'payout.failed',
] as const;
export type IpnType = (typeof IPN_TYPES)[number];

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
  /** `order` on order events (and refund events: the refunded order), `refund`, `payout`. */
  data: {
    order?: Record<string, unknown>;
    refund?: Record<string, unknown>;
    payout?: Record<string, unknown>;
  };
};

/** The body every endpoint receives for one event. */
export function eventBody(options: {
  eventId: string;
  type: string;
  mode: Mode;
  seq: number;
  data: IpnBody['data'];
  now: Date;
}): IpnBody {
  return {
    id: options.eventId,
    type: options.type,
    created: Math.floor(options.now.getTime() / 1000),
    livemode: options.mode === 'live',
    seq: options.seq,
    data: options.data,
  };
}

/** Throws `validation_failed` naming the first bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('validation_failed', {
    message: `Invalid ${what}: ${issue?.path.join('.')}: ${issue?.message}`,
    field: issue?.path.join('.'),
  });
}

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
 * Records one event and its one delivery to a bare URL (no webhook endpoint: signed with the
 * merchant-wide webhook secret), in the caller's transaction. The platform's own events go to
 * every subscribed endpoint instead (publishEvent); this is the single-URL form of the same.
 * The caller computes `seq` (the order's IPN counter) in the same transaction.
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
  const input = parseOrThrow(ZEnqueueIpn, fields, 'IPN');
  const now = input.now ?? new Date();
  const deliveryId = newId('ipn');
  const eventId = newId('evt');
  const body = eventBody({ ...input, eventId, data: { order: input.order }, now });
  await tx.insert(events).values({
    id: eventId,
    merchantId: input.merchantId,
    mode: input.mode,
    type: input.type,
    orderId: input.orderId,
    seq: input.seq,
    body,
    createdAt: now,
  });
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

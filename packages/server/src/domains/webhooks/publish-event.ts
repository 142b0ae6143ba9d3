import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import {
  events,
  ipnDeliveries,
  MODES,
  type Mode,
  webhookEndpoints,
} from '../../db/schema/index.js';
import { newId } from '../../infra/id.js';
import { eventBody, type IpnBody, parseOrThrow, ZIpnType } from '../ipn/enqueue-ipn.js';
import { endpointWants } from './endpoint-record.js';

const ZPublishEvent = z.object({
  merchantId: z.string().min(1).max(40),
  mode: z.enum(MODES),
  orderId: z.string().min(1).max(40).nullable(),
  seq: z.number().int().min(1).max(4_294_967_295),
  type: ZIpnType,
  data: z.object({
    order: z.record(z.string(), z.unknown()).optional(),
    refund: z.record(z.string(), z.unknown()).optional(),
    payout: z.record(z.string(), z.unknown()).optional(),
  }),
  now: z.date().optional(),
  retryWindowMs: z.number().int().positive(),
});

/**
 * Records one event and a delivery of it to each of the merchant's enabled webhook endpoints of
 * that mode subscribed to its type, in the caller's transaction: the event and its IPNs exist
 * exactly when the change they report committed, and the delivery worker posts them from there
 * (each signed at send time with its endpoint's secret). An event no endpoint wants is still
 * recorded: the events API lists it and can resend it to an endpoint added later.
 *
 * @example
 * await publishEvent({ tx, merchantId, mode, orderId, seq: 3, type: 'order.checkout_success',
 *   data: { order }, retryWindowMs: 72 * 3_600_000 });
 */
export async function publishEvent(options: {
  tx: Tx;
  merchantId: string;
  mode: Mode;
  orderId: string | null;
  seq: number;
  type: string;
  data: IpnBody['data'];
  now?: Date;
  retryWindowMs: number;
}): Promise<{ eventId: string; deliveryIds: string[] }> {
  const { tx, ...fields } = options;
  const input = parseOrThrow(ZPublishEvent, fields, 'event');
  const now = input.now ?? new Date();
  const eventId = newId('evt');
  const body = eventBody({ ...input, eventId, now });
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
  const endpoints = await tx
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      enabledEvents: webhookEndpoints.enabledEvents,
      status: webhookEndpoints.status,
    })
    .from(webhookEndpoints)
    .where(
      and(eq(webhookEndpoints.merchantId, input.merchantId), eq(webhookEndpoints.mode, input.mode)),
    );
  const targets = endpoints.filter((e) => e.status === 'enabled' && endpointWants(e, input.type));
  if (targets.length === 0) return { eventId, deliveryIds: [] };
  const rows = targets.map((endpoint) => ({
    id: newId('ipn'),
    eventId,
    merchantId: input.merchantId,
    mode: input.mode,
    endpointId: endpoint.id,
    orderId: input.orderId,
    type: input.type,
    seq: input.seq,
    body,
    url: endpoint.url,
    status: 'pending' as const,
    nextAttemptAt: now,
    giveUpAt: new Date(now.getTime() + input.retryWindowMs),
    createdAt: now,
  }));
  await tx.insert(ipnDeliveries).values(rows);
  return { eventId, deliveryIds: rows.map((r) => r.id) };
}

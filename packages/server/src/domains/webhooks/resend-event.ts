import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { ipnDeliveries, type Mode, webhookEndpoints } from '../../db/schema/index.js';
import { AppError, isAppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import type { IpnAttemptSummary } from '../ipn/ipn-record.js';
import { resendIpn } from '../ipn/resend-ipn.js';
import type { Actor } from '../staff/record-audit.js';
import { endpointWants, loadWebhookEndpoint, type WebhookEndpointRow } from './endpoint-record.js';
import { loadEvent } from './event-record.js';

export type EventResend = {
  endpointId: string;
  deliveryId: string;
  /** This attempt; null when another attempt of this delivery was in flight (it goes on). */
  attempt: IpnAttemptSummary | null;
  delivered: boolean;
};

/**
 * Sends an event again now: to one endpoint (any of this mode, even one not subscribed to the
 * type: the merchant asked for it), or to every enabled endpoint subscribed to it. An endpoint
 * that never had it (added after the event) gets a delivery of its own, retried on the usual
 * schedule if this attempt fails; one that had it gets a manual attempt on its delivery
 * (resendIpn: the schedule is left alone). Answers once every attempt has an outcome.
 */
export async function resendEvent(options: {
  db: Db;
  actor: Actor;
  masterKey: Buffer;
  logger?: Logger;
  redis?: RedisClient | undefined;
  merchantId: string;
  mode: Mode;
  eventId: string;
  endpointId?: string | undefined;
  timeoutMs: number;
  retryWindowMs: number;
  allowPrivateNetworks?: boolean | undefined;
}): Promise<EventResend[]> {
  const { db, merchantId, mode } = options;
  const event = await loadEvent(options);
  let targets: WebhookEndpointRow[];
  if (options.endpointId) {
    targets = [await loadWebhookEndpoint({ db, merchantId, mode, endpointId: options.endpointId })];
  } else {
    const all = await db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.mode, mode)));
    targets = all.filter((e) => e.status === 'enabled' && endpointWants(e, event.type));
  }
  return Promise.all(
    targets.map(async (endpoint): Promise<EventResend> => {
      const deliveryId = await deliveryFor(db, event, endpoint, options.retryWindowMs);
      if (endpoint.kind === 'cli') {
        // A `ducat listen` session streams it again once it is pending again.
        await db
          .update(ipnDeliveries)
          .set({ status: 'pending', nextAttemptAt: new Date() })
          .where(eq(ipnDeliveries.id, deliveryId));
        return { endpointId: endpoint.id, deliveryId, attempt: null, delivered: false };
      }
      try {
        const { delivery, attempt } = await resendIpn({
          db,
          actor: options.actor,
          masterKey: options.masterKey,
          ...(options.logger ? { logger: options.logger } : {}),
          redis: options.redis,
          merchantId,
          deliveryId,
          timeoutMs: options.timeoutMs,
          allowPrivateNetworks: options.allowPrivateNetworks,
        });
        return {
          endpointId: endpoint.id,
          deliveryId,
          attempt,
          delivered: delivery.status === 'delivered',
        };
      } catch (error) {
        if (isAppError(error) && error.code === 'ipn_delivery_in_flight') {
          return { endpointId: endpoint.id, deliveryId, attempt: null, delivered: false };
        }
        throw error;
      }
    }),
  );
}

/** The endpoint's delivery of this event, created (due now) when it has none. */
async function deliveryFor(
  db: Db,
  event: Awaited<ReturnType<typeof loadEvent>>,
  endpoint: WebhookEndpointRow,
  retryWindowMs: number,
): Promise<string> {
  const find = async () => {
    const [found] = await db
      .select({ id: ipnDeliveries.id })
      .from(ipnDeliveries)
      .where(and(eq(ipnDeliveries.eventId, event.id), eq(ipnDeliveries.endpointId, endpoint.id)));
    return found?.id;
  };
  const existing = await find();
  if (existing) return existing;
  const now = new Date();
  const id = newId('ipn');
  try {
    // Due now but claimed by the resend first (resendIpn); the worker retries it if this fails.
    await db.insert(ipnDeliveries).values({
      id,
      eventId: event.id,
      merchantId: event.merchantId,
      mode: event.mode,
      endpointId: endpoint.id,
      orderId: event.orderId,
      type: event.type,
      seq: event.seq,
      body: event.body,
      url: endpoint.url,
      status: 'pending',
      nextAttemptAt: now,
      giveUpAt: new Date(now.getTime() + retryWindowMs),
      createdAt: now,
    });
    return id;
  } catch (error) {
    // Two resends at once: the unique (event, endpoint) keeps one delivery; use it.
    if (!isDuplicateKey(error)) throw error;
    const raced = await find();
    if (!raced) throw new AppError('internal_error', { internalMessage: 'delivery vanished' });
    return raced;
  }
}

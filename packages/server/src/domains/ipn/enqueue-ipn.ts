import type { Tx } from '../../db/client.js';
import { ipnDeliveries, type Mode } from '../../db/schema/index.js';
import { newId } from '../../infra/id.js';

/**
 * Records an IPN for delivery in the caller's transaction: it exists exactly when the order change
 * it reports committed. The delivery worker signs and posts it.
 */
export async function enqueueIpn(options: {
  tx: Tx;
  merchantId: string;
  mode: Mode;
  orderId: string;
  seq: number;
  type: string;
  order: unknown;
  url: string;
  now?: Date;
  retryWindowMs: number;
}): Promise<{ deliveryId: string; eventId: string }> {
  const now = options.now ?? new Date();
  const eventId = newId('evt');
  const deliveryId = newId('ipn');
  await options.tx.insert(ipnDeliveries).values({
    id: deliveryId,
    eventId,
    merchantId: options.merchantId,
    mode: options.mode,
    orderId: options.orderId,
    type: options.type,
    seq: options.seq,
    body: {
      id: eventId,
      type: options.type,
      created: Math.floor(now.getTime() / 1000),
      livemode: options.mode === 'live',
      seq: options.seq,
      data: { order: options.order },
    },
    url: options.url,
    nextAttemptAt: now,
    giveUpAt: new Date(now.getTime() + options.retryWindowMs),
  });
  return { deliveryId, eventId };
}

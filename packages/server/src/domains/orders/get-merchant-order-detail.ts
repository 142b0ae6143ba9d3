import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  ipnAttempts,
  ipnDeliveries,
  outboxEvents,
  providerPayments,
  refunds,
  users,
} from '../../db/schema/index.js';
import { type IpnAttemptSummary, toIpnAttemptSummary } from '../ipn/ipn-record.js';
import { type Refund, toRefund } from '../refunds/create-refund.js';
import { findOrder, type Order, orderNotFound, toOrder } from './order-record.js';

/** How the shopper paid: from their wallet, by card (brand and last four), or at a provider. */
export type PaymentMethodView =
  | { kind: 'wallet' }
  | { kind: 'card'; provider: string; brand: string; last4: string }
  | { kind: 'provider'; provider: string };

export type MerchantOrderDetail = {
  order: Order;
  /** The shopper who paid (null before anyone logged in at checkout). */
  payer: { email: string } | null;
  method: PaymentMethodView | null;
  /** Minor units of the order's currency; net = gross − fee − refunded. */
  money: { gross: number; fee: number; refunded: number; net: number; currency: string };
  refunds: Refund[];
  /** The order's events in commit order (the outbox keeps a retention window of them). */
  timeline: { seq: number; eventId: string; type: string; occurredAt: string }[];
  /** Every IPN about the order, with the URL it went to and each attempt. */
  ipnDeliveries: {
    id: string;
    eventId: string;
    type: string;
    url: string;
    endpointId: string | null;
    status: 'pending' | 'delivered' | 'failed';
    lastStatusCode: number | null;
    lastError: string | null;
    createdAt: string;
    deliveredAt: string | null;
    attemptLog: IpnAttemptSummary[];
  }[];
};

function cardOf(data: Record<string, unknown> | null): { brand: string; last4: string } | null {
  const card = data?.card as { brand?: unknown; last4?: unknown } | undefined;
  return typeof card?.brand === 'string' && typeof card.last4 === 'string'
    ? { brand: card.brand, last4: card.last4 }
    : null;
}

/**
 * One of a merchant's orders as the merchant area shows it: payer, method, gross / fee / net,
 * refunds, timeline and IPN deliveries with their attempts. A fixed number of queries whatever the
 * order holds (five in parallel, then the attempts of all its deliveries in one). Another
 * merchant's order is `order_not_found`, exactly like an id that does not exist.
 */
export async function getMerchantOrderDetail(options: {
  db: DbOrTx;
  merchantId: string;
  orderId: string;
}): Promise<MerchantOrderDetail> {
  const { db, merchantId, orderId } = options;
  const found = await findOrder({ db, orderId });
  if (!found || found.row.merchantId !== merchantId) throw orderNotFound();
  const row = found.row;
  const order = toOrder(row, found.archived);
  const [events, payments, refundRows, deliveries, payerRows] = await Promise.all([
    db
      .select({
        seq: outboxEvents.seq,
        eventId: outboxEvents.eventId,
        type: outboxEvents.type,
        occurredAt: outboxEvents.occurredAt,
      })
      .from(outboxEvents)
      .where(and(eq(outboxEvents.aggregateType, 'order'), eq(outboxEvents.aggregateId, orderId)))
      .orderBy(asc(outboxEvents.seq)),
    row.paymentMethod === 'provider'
      ? db
          .select({
            id: providerPayments.id,
            provider: providerPayments.provider,
            status: providerPayments.status,
            data: providerPayments.providerData,
          })
          .from(providerPayments)
          .where(eq(providerPayments.orderId, orderId))
      : Promise.resolve([]),
    db.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(asc(refunds.createdAt)),
    db
      .select()
      .from(ipnDeliveries)
      .where(and(eq(ipnDeliveries.orderId, orderId), eq(ipnDeliveries.merchantId, merchantId)))
      .orderBy(asc(ipnDeliveries.seq)),
    row.shopperId
      ? db.select({ email: users.email }).from(users).where(eq(users.id, row.shopperId))
      : Promise.resolve([]),
  ]);
  const attempts =
    deliveries.length === 0
      ? []
      : await db
          .select()
          .from(ipnAttempts)
          .where(
            inArray(
              ipnAttempts.deliveryId,
              deliveries.map((d) => d.id),
            ),
          )
          .orderBy(asc(ipnAttempts.attemptedAt), asc(ipnAttempts.id));

  let method: PaymentMethodView | null = null;
  if (row.paymentMethod === 'wallet') method = { kind: 'wallet' };
  if (row.paymentMethod === 'provider') {
    // The payment that paid the order; the others were failed tries.
    const paid =
      payments.find((p) => p.id === row.providerPaymentId) ??
      payments.find((p) => p.status === 'succeeded');
    if (paid) {
      const card = cardOf(paid.data);
      method = card
        ? { kind: 'card', provider: paid.provider, ...card }
        : { kind: 'provider', provider: paid.provider };
    }
  }
  const payer = payerRows[0];
  return {
    order,
    payer: payer ? { email: payer.email } : null,
    method,
    money: {
      gross: order.capturedAmount,
      fee: order.feeAmount,
      refunded: order.refundedAmount,
      net: order.capturedAmount - order.feeAmount - order.refundedAmount,
      currency: order.currency,
    },
    refunds: refundRows.map(toRefund),
    timeline: events.map((e) => ({
      seq: e.seq,
      eventId: e.eventId,
      type: e.type,
      occurredAt: e.occurredAt.toISOString(),
    })),
    ipnDeliveries: deliveries.map((d) => ({
      id: d.id,
      eventId: d.eventId,
      type: d.type,
      url: d.url,
      endpointId: d.endpointId,
      status: d.status,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      attemptLog: attempts.filter((a) => a.deliveryId === d.id).map(toIpnAttemptSummary),
    })),
  };
}

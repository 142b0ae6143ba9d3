import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  ipnAttempts,
  ipnDeliveries,
  ledgerTransfers,
  orderExceptions,
  outboxEvents,
  providerPayments,
  refunds,
} from '../../db/schema/index.js';
import { feeKey, payKey } from '../checkout/expire-order.js';
import { toIpnAttemptSummary, toIpnDeliverySummary } from '../ipn/ipn-record.js';
import { toTransferRecord } from '../ledger/index.js';
import { transferView } from '../ledger/transfer-view.js';
import { toRefund } from '../refunds/create-refund.js';
import { listRiskDecisions } from '../risk/list-risk-decisions.js';
import { findOrder, type Order, orderNotFound, toOrder } from './order-record.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Every ledger key a writer derives from an order, its provider payments, refunds, exceptions. */
function ledgerKeysOf(options: {
  orderId: string;
  paymentIds: string[];
  refundIds: string[];
  exceptionIds: string[];
}): string[] {
  const { orderId } = options;
  return [
    payKey(orderId),
    feeKey(orderId),
    `order:${orderId}:reverse`,
    `order:${orderId}:reverse-fee`,
    ...options.paymentIds.flatMap((p) =>
      ['capture', 'fee', 'hold', 'reclaim', 'reclaim-fee'].map((s) => `pp:${p}:${s}`),
    ),
    ...options.refundIds.map((r) => `refund:${r}`),
    ...options.exceptionIds.flatMap((e) =>
      ['refund', 'honour', 'honour-fee'].map((s) => `exc:${e}:${s}`),
    ),
  ];
}

/**
 * An order as the admin portal shows it: the order, its timeline (its outbox events in commit
 * order; the outbox keeps `OUTBOX_RETENTION` of them, so an old order's early events may be
 * gone), its ledger transfers, provider payment attempts, IPN deliveries with their attempts,
 * risk decisions, refunds and exception-queue entries. Any merchant's order, live or archived.
 */
/**
 * What staff see of a provider payment's state: `pending` once the provider holds it (it has our
 * payment under its reference and has not settled it, which is what it answers when asked),
 * `created` only while it never reached the provider; then `succeeded` / `failed`.
 */
export function providerPaymentState(p: {
  status: 'created' | 'succeeded' | 'failed';
  providerRef: string | null;
}): 'created' | 'pending' | 'succeeded' | 'failed' {
  return p.status === 'created' && p.providerRef ? 'pending' : p.status;
}

export async function getOrderDetail(options: { db: DbOrTx; orderId: string }) {
  const { db, orderId } = options;
  const found = await findOrder({ db, orderId });
  if (!found) throw orderNotFound();
  const order: Order & { shopperId: string | null; flaggedAt: string | null } = {
    ...toOrder(found.row, found.archived),
    shopperId: found.row.shopperId,
    flaggedAt: iso(found.row.flaggedAt),
  };
  const [events, payments, refundRows, exceptions, deliveries, decisions] = await Promise.all([
    db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.aggregateType, 'order'), eq(outboxEvents.aggregateId, orderId)))
      .orderBy(asc(outboxEvents.seq)),
    db.select().from(providerPayments).where(eq(providerPayments.orderId, orderId)),
    db.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(asc(refunds.createdAt)),
    db.select().from(orderExceptions).where(eq(orderExceptions.orderId, orderId)),
    db
      .select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, orderId))
      .orderBy(asc(ipnDeliveries.seq)),
    listRiskDecisions({ db, orderId, limit: 50 }),
  ]);
  const keys = ledgerKeysOf({
    orderId,
    paymentIds: payments.map((p) => p.id),
    refundIds: refundRows.map((r) => r.id),
    exceptionIds: exceptions.map((e) => e.id),
  });
  const [transferRows, attempts] = await Promise.all([
    db.select().from(ledgerTransfers).where(inArray(ledgerTransfers.idempotencyKey, keys)),
    deliveries.length === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(ipnAttempts)
          .where(
            inArray(
              ipnAttempts.deliveryId,
              deliveries.map((d) => d.id),
            ),
          )
          .orderBy(asc(ipnAttempts.attemptedAt)),
  ]);
  const transfers = transferRows
    .map(toTransferRecord)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return {
    order,
    timeline: events.map((e) => ({
      seq: e.seq,
      eventId: e.eventId,
      type: e.type,
      occurredAt: e.occurredAt.toISOString(),
      payload: e.payload,
    })),
    transfers: transfers.map(transferView),
    providerPayments: payments.map((p) => ({
      id: p.id,
      provider: p.provider,
      providerRef: p.providerRef,
      purpose: p.purpose,
      amount: Number(p.amount),
      currency: p.currency,
      status: providerPaymentState(p),
      failureCode: p.failureCode,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
      settledAt: iso(p.settledAt),
      flaggedAt: iso(p.flaggedAt),
    })),
    ipnDeliveries: deliveries.map((d) => ({
      ...toIpnDeliverySummary(d),
      attemptLog: attempts.filter((a) => a.deliveryId === d.id).map(toIpnAttemptSummary),
    })),
    riskDecisions: decisions,
    refunds: refundRows.map(toRefund),
    exceptions: exceptions.map((e) => ({
      id: e.id,
      status: e.status,
      amount: Number(e.amount),
      currency: e.currency,
      note: e.note,
      createdAt: e.createdAt.toISOString(),
      resolvedAt: iso(e.resolvedAt),
    })),
  };
}

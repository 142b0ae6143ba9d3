import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  smallint,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { jsonText, modeColumn, timestampMs } from './util/columns.js';

export const IPN_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type IpnStatus = (typeof IPN_STATUSES)[number];

/**
 * One IPN (server-to-server notification) to a merchant, written in the same transaction as the
 * order change it reports, so it exists exactly when the change committed. The delivery worker
 * posts it until the merchant answers 2xx or the retry window (3 days by default) has passed.
 */
export const ipnDeliveries = mysqlTable(
  'ipn_deliveries',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    // The event id merchants deduplicate on: the same for every attempt of this IPN.
    eventId: varchar('event_id', { length: 40 }).notNull(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    // The webhook endpoint it goes to (null: a bare delivery to a URL, signed with the
    // merchant-wide secret).
    endpointId: varchar('endpoint_id', { length: 40 }),
    orderId: varchar('order_id', { length: 40 }),
    type: varchar('type', { length: 64 }).notNull(),
    seq: int('seq', { unsigned: true }).notNull(),
    // The exact JSON body sent (signed at send time, so rotated secrets apply to retries).
    body: jsonText('body').notNull(),
    url: varchar('url', { length: 500 }).notNull(),
    status: mysqlEnum('status', IPN_STATUSES).notNull().default('pending'),
    attempts: int('attempts', { unsigned: true }).notNull().default(0),
    nextAttemptAt: timestampMs('next_attempt_at').notNull(),
    // Retries stop after this instant (created + the retry window).
    giveUpAt: timestampMs('give_up_at').notNull(),
    lastStatusCode: smallint('last_status_code'),
    lastError: varchar('last_error', { length: 500 }),
    // A worker that claimed the row owns it until this instant (crash-safe claim).
    lockedUntil: timestampMs('locked_until'),
    // Random per claim: a worker finds the rows it claimed by it and writes its outcome only
    // while it still holds the claim (a lease that lapsed and was re-claimed fences it off).
    claimToken: varchar('claim_token', { length: 32 }),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    deliveredAt: timestampMs('delivered_at'),
  },
  (t) => [
    // One delivery of an event per endpoint.
    uniqueIndex('ipn_deliveries_event_uq').on(t.eventId, t.endpointId),
    // The worker's query: pending deliveries that are due.
    index('ipn_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('ipn_deliveries_merchant_idx').on(t.merchantId, t.mode, t.createdAt),
    index('ipn_deliveries_order_idx').on(t.orderId, t.seq),
  ],
);

/** Every attempt to deliver an IPN: when, what came back, how long it took. */
export const ipnAttempts = mysqlTable(
  'ipn_attempts',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    deliveryId: varchar('delivery_id', { length: 40 }).notNull(),
    attemptedAt: timestampMs('attempted_at').notNull(),
    // Scheduled retry or a manual resend from the merchant area / admin portal.
    trigger: mysqlEnum('trigger', ['schedule', 'manual']).notNull(),
    statusCode: smallint('status_code'),
    latencyMs: int('latency_ms', { unsigned: true }).notNull(),
    // The first 1,000 characters of the merchant's answer, for debugging their endpoint.
    responseExcerpt: varchar('response_excerpt', { length: 1000 }),
    error: varchar('error', { length: 500 }),
  },
  (t) => [index('ipn_attempts_delivery_idx').on(t.deliveryId, t.attemptedAt)],
);

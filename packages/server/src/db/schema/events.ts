import { sql } from 'drizzle-orm';
import { index, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { jsonText, modeColumn, timestampMs } from './util/columns.js';

/**
 * Every event sent to a merchant (what each webhook endpoint receives as an IPN), kept for the
 * events API (list, get, resend) for the retention period (30 days by default), written in the
 * transaction of the change it reports.
 */
export const events = mysqlTable(
  'events',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    type: varchar('type', { length: 64 }).notNull(),
    // The order it is about, when it is about one (payout events are not).
    orderId: varchar('order_id', { length: 40 }),
    seq: int('seq', { unsigned: true }).notNull(),
    // The exact JSON body endpoints receive.
    body: jsonText('body').notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    // events.list: one merchant and mode, newest first, keyset on (created_at, id).
    index('events_merchant_idx').on(t.merchantId, t.mode, t.createdAt),
    index('events_order_idx').on(t.orderId, t.seq),
    // The retention purge.
    index('events_created_idx').on(t.createdAt),
  ],
);

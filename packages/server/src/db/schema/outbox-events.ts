import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  int,
  mysqlTable,
  smallint,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { jsonText, timestampMs } from './util/columns.js';

/**
 * The transactional outbox: an event row is inserted in the same transaction as the state change
 * it describes, so an event exists exactly when its change committed. The relay publishes rows
 * in `seq` order and stamps `published_at`.
 */
export const outboxEvents = mysqlTable(
  'outbox_events',
  {
    seq: bigint('seq', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    eventId: varchar('event_id', { length: 40 }).notNull(),
    type: varchar('type', { length: 100 }).notNull(),
    version: smallint('version', { unsigned: true }).notNull(),
    aggregateType: varchar('aggregate_type', { length: 50 }).notNull(),
    aggregateId: varchar('aggregate_id', { length: 64 }).notNull(),
    // Text, not a JSON column: validated by the catalogue before insert, never queried inside.
    payload: jsonText('payload').notNull(),
    occurredAt: timestampMs('occurred_at').notNull(),
    publishedAt: timestampMs('published_at'),
    attempts: int('attempts', { unsigned: true }).notNull().default(0),
    lastError: varchar('last_error', { length: 1000 }),
    // Set when an event failed too often to keep blocking the ones behind it.
    deadAt: timestampMs('dead_at'),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex('outbox_events_event_id_uq').on(t.eventId),
    // The relay's only query: unpublished, not dead, oldest first. Keeps it an index range scan
    // however many published rows pile up before the purge job removes them.
    index('outbox_events_pending_idx').on(t.publishedAt, t.deadAt, t.seq),
    // The admin portal's order timeline: one order's events in commit order. One more B-tree
    // entry per event; without it each order page scanned the whole retained outbox.
    index('outbox_events_aggregate_idx').on(t.aggregateId, t.seq),
  ],
);

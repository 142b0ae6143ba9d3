import { sql } from 'drizzle-orm';
import { mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
import { timestampMs } from './util/columns.js';

/**
 * One row per (consumer, event) whose effect has been applied. Written in the same transaction
 * as the effect, so an at-least-once delivery applies each effect exactly once.
 */
export const processedEvents = mysqlTable(
  'processed_events',
  {
    consumer: varchar('consumer', { length: 100 }).notNull(),
    eventId: varchar('event_id', { length: 40 }).notNull(),
    processedAt: timestampMs('processed_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

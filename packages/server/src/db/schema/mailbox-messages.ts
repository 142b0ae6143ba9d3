import { sql } from 'drizzle-orm';
import { bigint, index, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import { timestampMs } from './util/columns.js';

/**
 * The development mailbox: where mail goes when no SMTP server is configured, so the demo and
 * the tests can read verification and reset links. Never used when SMTP_URL is set.
 */
export const mailboxMessages = mysqlTable(
  'mailbox_messages',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    to: varchar('to_address', { length: 254 }).notNull(),
    subject: varchar('subject', { length: 300 }).notNull(),
    text: text('text').notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('mailbox_messages_to_idx').on(t.to, t.id)],
);

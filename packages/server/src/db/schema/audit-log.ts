import { sql } from 'drizzle-orm';
import { bigint, index, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { json, timestampMs } from './util/columns.js';

/**
 * Append-only record of every staff action: who, what, on which target, before and after, when
 * and from where. The application only ever inserts here (no update or delete path exists).
 */
export const auditLog = mysqlTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    actorType: varchar('actor_type', { length: 20 }).notNull(),
    actorId: varchar('actor_id', { length: 40 }).notNull(),
    action: varchar('action', { length: 120 }).notNull(),
    targetType: varchar('target_type', { length: 40 }),
    targetId: varchar('target_id', { length: 64 }),
    // The merchant the action concerns, so a merchant's owner can be shown their own trail.
    merchantId: varchar('merchant_id', { length: 40 }),
    before: json('before_state'),
    after: json('after_state'),
    ip: varchar('ip', { length: 64 }),
    userAgent: varchar('user_agent', { length: 300 }),
    requestId: varchar('request_id', { length: 64 }),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    index('audit_log_target_idx').on(t.targetType, t.targetId, t.id),
    index('audit_log_merchant_idx').on(t.merchantId, t.id),
    index('audit_log_actor_idx').on(t.actorId, t.id),
  ],
);

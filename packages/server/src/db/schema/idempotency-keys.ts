import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  index,
  mysqlEnum,
  mysqlTable,
  smallint,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { json, timestampMs } from './util/columns.js';

/**
 * Idempotency keys of merchant-facing mutations. `scope` is whoever owns the key (a merchant id
 * and mode), so two merchants may use the same key string.
 */
export const idempotencyKeys = mysqlTable(
  'idempotency_keys',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    scope: varchar('scope', { length: 80 }).notNull(),
    key: varchar('idem_key', { length: 255 }).notNull(),
    // sha256 of the operation name and its canonical input: same key + other content is refused.
    fingerprint: char('fingerprint', { length: 64 }).notNull(),
    operation: varchar('operation', { length: 120 }).notNull(),
    status: mysqlEnum('status', ['in_flight', 'completed']).notNull(),
    // Random token of the request currently holding the key; completion is fenced on it, so a
    // holder whose lock expired (and was taken over) cannot record a second outcome.
    owner: char('owner', { length: 24 }).notNull(),
    // The stored outcome: { ok: true, data } or { ok: false, error: { code, message, ... } }.
    response: json('response'),
    responseStatus: smallint('response_status', { unsigned: true }),
    // A holder that died leaves an in_flight row; after this instant another request may take over.
    lockedUntil: timestampMs('locked_until').notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    expiresAt: timestampMs('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('idempotency_keys_scope_key_uq').on(t.scope, t.key),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
  ],
);

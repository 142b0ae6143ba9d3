import { sql } from 'drizzle-orm';
import { char, index, mysqlEnum, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { timestampMs } from './util/columns.js';

/**
 * Single-use tokens mailed to a user (email verification, password reset). Only the sha256 of
 * the token is stored, so a database leak does not let anyone reset a password.
 */
export const emailTokens = mysqlTable(
  'email_tokens',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    userId: varchar('user_id', { length: 40 }).notNull(),
    purpose: mysqlEnum('purpose', ['verify_email', 'reset_password']).notNull(),
    tokenHash: char('token_hash', { length: 64 }).notNull(),
    expiresAt: timestampMs('expires_at').notNull(),
    usedAt: timestampMs('used_at'),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex('email_tokens_hash_uq').on(t.tokenHash),
    index('email_tokens_user_idx').on(t.userId, t.purpose),
  ],
);

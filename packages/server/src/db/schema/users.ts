import { sql } from 'drizzle-orm';
import { mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { timestampMs } from './util/columns.js';

/** Shoppers: people who hold a wallet and pay on the hosted checkout. */
export const users = mysqlTable(
  'users',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    // Stored lower-cased so the unique index is the single source of truth for "taken".
    email: varchar('email', { length: 254 }).notNull(),
    name: varchar('name', { length: 200 }),
    // `scrypt$N$r$p$salt$hash`: parameters travel with the hash so they can be raised later.
    passwordHash: varchar('password_hash', { length: 255 }).notNull(),
    emailVerifiedAt: timestampMs('email_verified_at'),
    passwordChangedAt: timestampMs('password_changed_at'),
    // Set by platform staff (admin.shoppers.setLocked): a locked shopper cannot log in or pay.
    lockedAt: timestampMs('locked_at'),
    lockedReason: varchar('locked_reason', { length: 500 }),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
);

import { sql } from 'drizzle-orm';
import { index, mysqlEnum, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { timestampMs } from './util/columns.js';

export const PLATFORM_ROLES = ['admin', 'support', 'finance'] as const;
export const MERCHANT_ROLES = ['owner', 'developer'] as const;
export const STAFF_ROLES = [...PLATFORM_ROLES, ...MERCHANT_ROLES] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];
export type MerchantRole = (typeof MERCHANT_ROLES)[number];
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * People who run the platform (merchant_id null, platform roles) or one merchant (merchant_id
 * set, merchant roles). A staff user never belongs to two merchants: that is what keeps one
 * merchant's staff out of another's data.
 */
export const staffUsers = mysqlTable(
  'staff_users',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    email: varchar('email', { length: 254 }).notNull(),
    name: varchar('name', { length: 200 }),
    passwordHash: varchar('password_hash', { length: 255 }).notNull(),
    role: mysqlEnum('role', STAFF_ROLES).notNull(),
    merchantId: varchar('merchant_id', { length: 40 }),
    disabledAt: timestampMs('disabled_at'),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex('staff_users_email_uq').on(t.email),
    index('staff_users_merchant_idx').on(t.merchantId),
  ],
);

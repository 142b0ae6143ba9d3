import { sql } from 'drizzle-orm';
import {
  boolean,
  int,
  mysqlEnum,
  mysqlTable,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { json, timestampMs } from './util/columns.js';

export const PROVIDER_KINDS = ['bank', 'gateway', 'ewallet'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/**
 * The providers registry: which external providers the platform may start payments with. `name`
 * is the adapter instance's name (it names the clearing account and the notification route);
 * `adapter` the implementation (`sandbox`). Settings are `config` (shown to staff) and secrets,
 * stored only as AES-256-GCM ciphertext under MASTER_KEY bound to the row id, never returned.
 * A disabled provider starts no new payment, deposit, withdrawal, payout or card set-up; what it
 * already holds (notifications, queries, refunds) goes on.
 */
export const paymentProviders = mysqlTable(
  'payment_providers',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    name: varchar('name', { length: 40 }).notNull(),
    displayName: varchar('display_name', { length: 200 }).notNull(),
    kind: mysqlEnum('kind', PROVIDER_KINDS).notNull(),
    adapter: varchar('adapter', { length: 40 }).notNull(),
    config: json('config').$type<Record<string, string | number | boolean>>().notNull(),
    secretsCiphertext: text('secrets_ciphertext'),
    // The names of the stored secrets (never their values), so staff see what is set.
    secretKeys: json('secret_keys').$type<string[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    version: int('version', { unsigned: true }).notNull().default(1),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('payment_providers_name_uq').on(t.name)],
);

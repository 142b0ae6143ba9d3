import { sql } from 'drizzle-orm';
import { int, mysqlTable } from 'drizzle-orm/mysql-core';
import { asciiId, json, timestampMs } from './util/columns.js';

/**
 * The durable copy of the risk features, one row per entity (`shopper:<id>`, `merchant:<id>`,
 * `ip:<address>`, `pair:<merchant>:<shopper>`). Redis holds the same state for the checkout to
 * read; it is restored from here when lost. `version` counts applied events, so a late Redis write
 * never replaces a newer state.
 */
export const riskFeatures = mysqlTable('risk_features', {
  // Byte-compared: the ids inside are case-sensitive base58.
  entity: asciiId('entity', { length: 120 }).primaryKey(),
  state: json('state').notNull(),
  version: int('version', { unsigned: true }).notNull(),
  updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
});

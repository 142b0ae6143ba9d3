import { sql } from 'drizzle-orm';
import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { json, timestampMs } from './util/columns.js';

/**
 * Platform settings staff change at run time (admin.settings.update): one row (`platform`)
 * holding the whole document, versioned, written under its row lock. The migration creates the
 * row empty: unset fields fall back to the environment's defaults.
 */
export const platformSettings = mysqlTable('platform_settings', {
  id: varchar('id', { length: 20 }).primaryKey(),
  document: json('document').notNull(),
  version: int('version', { unsigned: true }).notNull().default(0),
  updatedBy: varchar('updated_by', { length: 40 }),
  updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
});

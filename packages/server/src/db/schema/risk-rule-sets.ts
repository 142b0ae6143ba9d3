import { sql } from 'drizzle-orm';
import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { json, timestampMs } from './util/columns.js';

/**
 * Every version of the risk rules, whole: a change writes a new row and never edits an old one,
 * so each stored decision names the exact rules it was made with. The highest version is live.
 */
export const riskRuleSets = mysqlTable('risk_rule_sets', {
  version: int('version', { unsigned: true }).primaryKey(),
  // Thresholds, lists and the fallback policy; validated by domains/risk/rules.ts on the way in.
  rules: json('rules').notNull(),
  createdBy: varchar('created_by', { length: 40 }).notNull(),
  note: varchar('note', { length: 500 }),
  createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
});

import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  index,
  int,
  mysqlEnum,
  mysqlTable,
  varchar,
} from 'drizzle-orm/mysql-core';
import { RISK_ACTIONS, RISK_METHODS } from '../../constants.js';
import { json, timestampMs } from './util/columns.js';

export { RISK_ACTIONS, type RiskAction } from '../../constants.js';

/**
 * Every risk decision taken at checkout: who asked, for which order, with which inputs (the
 * feature values read), the outcome and its reasons, and the rule version that produced it.
 * Append-only.
 */
export const riskDecisions = mysqlTable(
  'risk_decisions',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    orderId: varchar('order_id', { length: 40 }).notNull(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    shopperId: varchar('shopper_id', { length: 40 }),
    method: mysqlEnum('method', RISK_METHODS).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    ip: varchar('ip', { length: 64 }).notNull(),
    decision: mysqlEnum('decision', RISK_ACTIONS).notNull(),
    reasons: json('reasons').notNull(),
    ruleVersion: int('rule_version', { unsigned: true }).notNull(),
    // The default policy decided because pre-computed values were missing.
    fallback: boolean('fallback').notNull(),
    inputs: json('inputs').notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    index('risk_decisions_order_idx').on(t.orderId, t.createdAt),
    index('risk_decisions_shopper_idx').on(t.shopperId, t.createdAt),
  ],
);

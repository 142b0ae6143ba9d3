import { boolean, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { json, timestampMs } from './util/columns.js';

/**
 * The latest periodic risk assessment of each merchant (ratios, volume spike) and whether it
 * flagged the merchant for review. History lives in the `risk.merchant_assessed` events.
 */
export const riskMerchantAssessments = mysqlTable('risk_merchant_assessments', {
  merchantId: varchar('merchant_id', { length: 40 }).primaryKey(),
  flagged: boolean('flagged').notNull(),
  reasons: json('reasons').notNull(),
  metrics: json('metrics').notNull(),
  assessedAt: timestampMs('assessed_at').notNull(),
});

import { sql } from 'drizzle-orm';
import { bigint, char, index, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { json, modeColumn, timestampMs } from './util/columns.js';

export const PAYOUT_STATUSES = ['pending', 'paid', 'failed'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/**
 * A merchant withdrawal: a two-phase ledger transfer merchant balance -> payout clearing, reserved
 * when asked, posted when the provider pays it out, voided when the provider refuses.
 */
export const payouts = mysqlTable(
  'payouts',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    provider: varchar('provider', { length: 40 }).notNull(),
    // Where the money goes, as the provider understands it (e.g. a bank account token).
    destination: json('destination').$type<Record<string, string>>().notNull(),
    status: mysqlEnum('status', PAYOUT_STATUSES).notNull(),
    transferId: varchar('transfer_id', { length: 40 }),
    providerPayoutId: varchar('provider_payout_id', { length: 100 }),
    failureCode: varchar('failure_code', { length: 64 }),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    index('payouts_merchant_idx').on(t.merchantId, t.mode, t.createdAt, t.id),
    index('payouts_status_idx').on(t.status, t.createdAt),
  ],
);

import { sql } from 'drizzle-orm';
import { bigint, char, index, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { json, modeColumn, timestampMs } from './util/columns.js';

export const WITHDRAWAL_STATUSES = ['pending', 'paid', 'failed'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

/**
 * A shopper taking money out of their wallet: a two-phase ledger transfer wallet -> payout
 * clearing, reserved when asked, posted when the provider pays it out, voided when it refuses.
 * The id is also the ledger key's root and the provider's `payoutId`, so every retry of one
 * withdrawal (the shopper's, or the stuck checker's) lands on the same reservation and payout.
 */
export const withdrawals = mysqlTable(
  'withdrawals',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    userId: varchar('user_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    provider: varchar('provider', { length: 40 }).notNull(),
    // Where the money goes, as the provider understands it (e.g. a bank account token).
    destination: json('destination').$type<Record<string, string>>().notNull(),
    status: mysqlEnum('status', WITHDRAWAL_STATUSES).notNull(),
    // Null only between recording the withdrawal and reserving its money (ledger key `wd:<id>`).
    transferId: varchar('transfer_id', { length: 40 }),
    providerPayoutId: varchar('provider_payout_id', { length: 100 }),
    failureCode: varchar('failure_code', { length: 64 }),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    index('withdrawals_user_idx').on(t.userId, t.createdAt),
    // The stuck checker: withdrawals the provider has not answered, oldest first.
    index('withdrawals_status_idx').on(t.status, t.createdAt),
  ],
);

import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  index,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  varchar,
} from 'drizzle-orm/mysql-core';
import { asciiId, timestampMs } from './util/columns.js';

export const SETTLEMENT_LINE_TYPES = ['payment', 'refund', 'payout'] as const;
export type SettlementLineType = (typeof SETTLEMENT_LINE_TYPES)[number];

/**
 * What providers say they settled, from their daily files (fetched) or CSV uploads. Keyed by the
 * provider's own id of the movement, so importing a file twice (or two overlapping files) stores
 * each movement once, while a provider that settled one payment twice (two ids, one reference)
 * shows up as a duplicate.
 */
export const reconSettlementLines = mysqlTable(
  'recon_settlement_lines',
  {
    provider: varchar('provider', { length: 40 }).notNull(),
    providerRef: asciiId('provider_ref', { length: 100 }).notNull(),
    type: mysqlEnum('type', SETTLEMENT_LINE_TYPES).notNull(),
    // Our id of the payment, refund or payout.
    reference: asciiId('reference', { length: 100 }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    fee: bigint('fee', { mode: 'number' }).notNull(),
    settledAt: timestampMs('settled_at').notNull(),
    batchId: asciiId('batch_id', { length: 60 }).notNull(),
    importedAt: timestampMs('imported_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    primaryKey({ name: 'recon_settlement_lines_pk', columns: [t.provider, t.type, t.providerRef] }),
    index('recon_settlement_lines_reference_idx').on(t.reference),
    index('recon_settlement_lines_settled_idx').on(t.settledAt),
  ],
);

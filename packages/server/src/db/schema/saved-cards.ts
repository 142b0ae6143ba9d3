import { sql } from 'drizzle-orm';
import { char, index, mysqlTable, smallint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { modeColumn, timestampMs } from './util/columns.js';

/**
 * A shopper's saved card: the provider's token and what a person needs to recognise the card.
 * There is deliberately no column that could hold a card number or CVV.
 */
export const savedCards = mysqlTable(
  'saved_cards',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    userId: varchar('user_id', { length: 40 }).notNull(),
    provider: varchar('provider', { length: 40 }).notNull(),
    // The mode of the set-up that saved it: a card tokenized in test mode only funds test wallets.
    mode: modeColumn().notNull().default('test'),
    providerToken: varchar('provider_token', { length: 200 }).notNull(),
    brand: varchar('brand', { length: 20 }).notNull(),
    last4: char('last4', { length: 4 }).notNull(),
    expMonth: smallint('exp_month', { unsigned: true }).notNull(),
    expYear: smallint('exp_year', { unsigned: true }).notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex('saved_cards_token_uq').on(t.provider, t.providerToken),
    index('saved_cards_user_idx').on(t.userId),
  ],
);

import { sql } from 'drizzle-orm';
import { index, mysqlEnum, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { modeColumn, timestampMs } from './util/columns.js';

export const CARD_SETUP_STATUSES = ['created', 'succeeded'] as const;

/**
 * A card set-up a shopper started at a provider. The provider's `card.tokenized` notification
 * names the set-up; the card is saved only for the shopper recorded here, so a notification can
 * never attach a card to someone who did not start that set-up.
 */
export const cardSetups = mysqlTable(
  'card_setups',
  {
    // Our id, given to the provider as its `setupId`.
    id: varchar('id', { length: 40 }).primaryKey(),
    userId: varchar('user_id', { length: 40 }).notNull(),
    provider: varchar('provider', { length: 40 }).notNull(),
    // Which wallets the saved card will fund; the provider must serve it (checked at start and
    // again when the card.tokenized notification arrives).
    mode: modeColumn().notNull().default('test'),
    providerRef: varchar('provider_ref', { length: 100 }),
    status: mysqlEnum('status', CARD_SETUP_STATUSES).notNull().default('created'),
    savedCardId: varchar('saved_card_id', { length: 40 }),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    completedAt: timestampMs('completed_at'),
  },
  (t) => [
    uniqueIndex('card_setups_ref_uq').on(t.provider, t.providerRef),
    index('card_setups_user_idx').on(t.userId, t.createdAt),
  ],
);

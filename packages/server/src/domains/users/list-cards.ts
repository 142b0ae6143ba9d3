import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { savedCards } from '../../db/schema/index.js';
import { type SavedCard, toSavedCard } from './card-record.js';

/** A shopper's saved cards, newest first. */
export async function listCards(options: { db: DbOrTx; userId: string }): Promise<SavedCard[]> {
  const rows = await options.db
    .select()
    .from(savedCards)
    .where(eq(savedCards.userId, options.userId))
    .orderBy(desc(savedCards.createdAt));
  return rows.map(toSavedCard);
}

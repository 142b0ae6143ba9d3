import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { savedCards } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';

/** Removes one of the caller's cards; another shopper's card id is simply not found. */
export async function removeCard(options: {
  db: DbOrTx;
  userId: string;
  cardId: string;
}): Promise<{ removed: true }> {
  const where = and(eq(savedCards.id, options.cardId), eq(savedCards.userId, options.userId));
  const [row] = await options.db.select({ id: savedCards.id }).from(savedCards).where(where);
  if (!row) throw new AppError('not_found', { message: 'No such card.', field: 'cardId' });
  await options.db.delete(savedCards).where(where);
  return { removed: true };
}

import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { savedCards } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';

export type SavedCard = {
  id: string;
  provider: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
};

export type CardToSave = Omit<SavedCard, 'id'> & { providerToken: string };

function toSavedCard(row: typeof savedCards.$inferSelect): SavedCard {
  return {
    id: row.id,
    provider: row.provider,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.expMonth,
    expYear: row.expYear,
  };
}

/**
 * Saves a card as the provider's token plus what identifies it to a person. The card number and
 * CVV went from the shopper's browser to the provider; they never reach this platform.
 */
export async function addCard(options: {
  db: DbOrTx;
  userId: string;
  card: CardToSave;
  now?: Date;
}): Promise<SavedCard> {
  const { card } = options;
  const now = options.now ?? new Date();
  if (
    card.expYear < now.getUTCFullYear() ||
    (card.expYear === now.getUTCFullYear() && card.expMonth < now.getUTCMonth() + 1)
  ) {
    throw new AppError('validation_failed', { message: 'The card has expired.', field: 'expYear' });
  }
  const id = newId('crd');
  try {
    await options.db.insert(savedCards).values({ id, userId: options.userId, ...card });
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new AppError('conflict', {
        message: 'This card is already saved.',
        field: 'providerToken',
      });
    }
    throw error;
  }
  return {
    id,
    provider: card.provider,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
  };
}

export async function listCards(options: { db: DbOrTx; userId: string }): Promise<SavedCard[]> {
  const rows = await options.db
    .select()
    .from(savedCards)
    .where(eq(savedCards.userId, options.userId))
    .orderBy(desc(savedCards.createdAt));
  return rows.map(toSavedCard);
}

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

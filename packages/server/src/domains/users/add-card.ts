import type { DbOrTx } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { savedCards } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import type { CardToSave, SavedCard } from './card-record.js';

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

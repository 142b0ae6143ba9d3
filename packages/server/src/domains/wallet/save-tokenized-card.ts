import { eq } from 'drizzle-orm';
import { isDuplicateKey } from '../../db/errors.js';
import { cardSetups, savedCards } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { providerHolding } from '../providers/assert-provider-serves.js';
import type { ProviderNotification } from '../providers/types.js';

type CardTokenized = Extract<ProviderNotification, { type: 'card.tokenized' }>;

/**
 * Saves the card a provider tokenized, for the shopper who started that set-up and nobody else:
 * the notification's set-up must be one we recorded, at this provider, for the same shopper (and
 * the same provider reference once we know it). Anything else is refused and saves nothing. A
 * redelivery finds the set-up completed and changes nothing.
 */
export async function saveTokenizedCard(options: {
  services: PaymentServices;
  provider: string;
  notification: CardTokenized;
}): Promise<'saved' | 'duplicate'> {
  const { services, notification } = options;
  return services.db.transaction(async (tx) => {
    const [setup] = await tx
      .select()
      .from(cardSetups)
      .where(eq(cardSetups.id, notification.setupId))
      .for('update');
    if (
      !setup ||
      setup.provider !== options.provider ||
      setup.userId !== notification.userId ||
      (setup.providerRef !== null && setup.providerRef !== notification.providerRef)
    ) {
      throw new AppError('provider_payload_invalid', {
        message: 'Unknown card set-up.',
        internalMessage: `card.tokenized for set-up ${notification.setupId.slice(0, 60)} does not match a recorded set-up of that shopper`,
      });
    }
    if (setup.status !== 'created') return 'duplicate';
    // A set-up recorded for a mode its provider does not (or no longer) serve saves nothing.
    providerHolding({ providers: services.providers, name: setup.provider, mode: setup.mode });
    const cardId = newId('crd');
    try {
      await tx.insert(savedCards).values({
        id: cardId,
        userId: setup.userId,
        provider: options.provider,
        mode: setup.mode,
        providerToken: notification.token,
        brand: notification.brand,
        last4: notification.last4,
        expMonth: notification.expMonth,
        expYear: notification.expYear,
      });
    } catch (error) {
      // A provider never issues one token twice; if it did, the card stays with its first owner.
      if (isDuplicateKey(error)) {
        throw new AppError('provider_payload_invalid', {
          message: 'This card token is already saved.',
          internalMessage: `token of set-up ${setup.id} is already saved`,
        });
      }
      throw error;
    }
    await tx
      .update(cardSetups)
      .set({
        status: 'succeeded',
        providerRef: notification.providerRef,
        savedCardId: cardId,
        completedAt: new Date(),
      })
      .where(eq(cardSetups.id, setup.id));
    return 'saved';
  });
}

import { eq } from 'drizzle-orm';
import { cardSetups, type Mode } from '../../db/schema/index.js';
import { newId } from '../../infra/id.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { providerForNewPayment } from '../providers/provider-record.js';

/**
 * Starts saving a card: the shopper types it on the provider's own page (the number never reaches
 * us) and the provider's signed `card.tokenized` notification brings back a token, brand and last
 * four digits. The set-up is recorded first, with its shopper, so that notification can only
 * attach the card to the shopper who started it.
 */
export async function startCardSetup(options: {
  services: PaymentServices;
  userId: string;
  provider: string;
  /** Which wallets the card will fund: test (the default) or live. */
  mode?: Mode | undefined;
}): Promise<{ setupId: string; redirectUrl: string }> {
  const { services } = options;
  const adapter = await providerForNewPayment({
    providers: services.providers,
    gate: services.providerGate,
    name: options.provider,
    mode: options.mode ?? 'test',
  });
  const setupId = newId('cst');
  await services.db.insert(cardSetups).values({
    id: setupId,
    userId: options.userId,
    provider: adapter.name,
    mode: options.mode ?? 'test',
  });
  const started = await adapter.createCardSetup({
    setupId,
    userId: options.userId,
    returnUrl: `${services.config.checkoutUrl}/wallet/cards`,
    notifyUrl: `${services.config.apiUrl}/providers/${adapter.name}/notify`,
  });
  await services.db
    .update(cardSetups)
    .set({ providerRef: started.providerRef })
    .where(eq(cardSetups.id, setupId));
  return { setupId, redirectUrl: started.redirectUrl };
}

import { z } from 'zod';
import { procedure, shopperOf } from '../../auth/authorize.js';
import { MODES } from '../../db/schema/index.js';
import { listCards } from '../../domains/users/list-cards.js';
import { removeCard } from '../../domains/users/remove-card.js';
import { startCardSetup } from '../../domains/wallet/start-card-setup.js';
import { router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';

const ZSavedCard = z.object({
  id: z.string(),
  provider: z.string(),
  mode: z.enum(MODES),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number(),
  expYear: z.number(),
});

/** A shopper's saved cards: provider tokens only, saved through the provider's card set-up. */
export const cardsRouter = router({
  list: procedure
    .meta({ policy: { kind: 'shopper' } })
    .output(z.array(ZSavedCard))
    .query(({ ctx }) => listCards({ db: ctx.db, userId: shopperOf(ctx).userId })),

  /**
   * Starts saving a card at a provider: send the shopper to `redirectUrl`, where they type the
   * card on the provider's own page. The card appears in `cards.list` once the provider's signed
   * notification arrives. Cards cannot be added any other way (no card data from the client).
   */
  startSetup: procedure
    .meta({ policy: { kind: 'shopper', rateLimit: 'payment' } })
    .input(
      z.object({
        provider: z.string().min(1).max(40).default('sandbox'),
        /** Which wallets the card will fund; the provider must serve that mode. */
        mode: z.enum(MODES).default('test'),
      }),
    )
    .output(z.object({ setupId: z.string(), redirectUrl: z.string() }))
    .mutation(({ ctx, input }) =>
      startCardSetup({
        services: paymentsOf(ctx),
        userId: shopperOf(ctx).userId,
        provider: input.provider,
        mode: input.mode,
      }),
    ),

  remove: procedure
    .meta({ policy: { kind: 'shopper' } })
    .input(z.object({ cardId: z.string().max(40) }))
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      removeCard({ db: ctx.db, userId: shopperOf(ctx).userId, cardId: input.cardId }),
    ),
});

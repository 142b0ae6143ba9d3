import { z } from 'zod';
import { procedure, shopperOf } from '../../auth/authorize.js';
import { addCard } from '../../domains/users/add-card.js';
import { listCards } from '../../domains/users/list-cards.js';
import { removeCard } from '../../domains/users/remove-card.js';
import { router } from '../../trpc.js';

const ZSavedCard = z.object({
  id: z.string(),
  provider: z.string(),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number(),
  expYear: z.number(),
});

/** A shopper's saved cards: provider tokens only (strict input: a card number is refused). */
export const cardsRouter = router({
  list: procedure
    .meta({ policy: { kind: 'shopper' } })
    .output(z.array(ZSavedCard))
    .query(({ ctx }) => listCards({ db: ctx.db, userId: shopperOf(ctx).userId })),

  add: procedure
    .meta({ policy: { kind: 'shopper' } })
    .input(
      z.strictObject({
        provider: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
        providerToken: z.string().regex(/^[A-Za-z0-9_-]{8,200}$/),
        brand: z.enum(['visa', 'mastercard', 'amex', 'discover', 'jcb', 'unionpay', 'other']),
        last4: z.string().regex(/^\d{4}$/),
        expMonth: z.number().int().min(1).max(12),
        expYear: z.number().int().min(2000).max(2100),
      }),
    )
    .output(ZSavedCard)
    .mutation(({ ctx, input }) =>
      addCard({ db: ctx.db, userId: shopperOf(ctx).userId, card: input }),
    ),

  remove: procedure
    .meta({ policy: { kind: 'shopper' } })
    .input(z.object({ cardId: z.string().max(40) }))
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      removeCard({ db: ctx.db, userId: shopperOf(ctx).userId, cardId: input.cardId }),
    ),
});

import { z } from 'zod';
import { defineEvent } from '../../events/catalogue.js';

export const userSignedUp = defineEvent({
  type: 'user.signed_up',
  version: 1,
  aggregateType: 'user',
  description: 'A shopper created an account (the dashboard counts new shoppers from it).',
  schema: z.object({ userId: z.string() }),
});

export const userLockChanged = defineEvent({
  type: 'user.lock_changed',
  version: 1,
  aggregateType: 'user',
  description:
    'Platform staff locked or unlocked a shopper (a locked shopper cannot log in or pay).',
  schema: z.object({
    userId: z.string(),
    locked: z.boolean(),
    reason: z.string().nullable(),
    actorId: z.string(),
  }),
});

export const userEvents = [userSignedUp, userLockChanged] as const;

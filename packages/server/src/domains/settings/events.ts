import { z } from 'zod';
import { defineEvent } from '../../events/catalogue.js';

export const settingsUpdated = defineEvent({
  type: 'settings.updated',
  version: 1,
  aggregateType: 'settings',
  description:
    'Platform staff changed platform settings (expiry, timeouts, maintenance, recipients).',
  schema: z.object({ version: z.number().int(), fields: z.array(z.string()), actorId: z.string() }),
});

export const settingsEvents = [settingsUpdated] as const;

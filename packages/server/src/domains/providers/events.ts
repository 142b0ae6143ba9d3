import { z } from 'zod';
import { PROVIDER_KINDS } from '../../db/schema/index.js';
import { defineEvent } from '../../events/catalogue.js';

export const providerRegistered = defineEvent({
  type: 'provider.registered',
  version: 1,
  aggregateType: 'provider',
  description: 'Platform staff registered a payment provider (bank, gateway or e-wallet).',
  schema: z.object({
    providerId: z.string(),
    name: z.string(),
    kind: z.enum(PROVIDER_KINDS),
    adapter: z.string(),
    enabled: z.boolean(),
  }),
});

export const providerUpdated = defineEvent({
  type: 'provider.updated',
  version: 1,
  aggregateType: 'provider',
  description: 'A provider was reconfigured, enabled or disabled (secrets are never in events).',
  schema: z.object({
    providerId: z.string(),
    name: z.string(),
    version: z.number().int(),
    fields: z.array(z.string()),
    enabled: z.boolean(),
  }),
});

export const providerEvents = [providerRegistered, providerUpdated] as const;

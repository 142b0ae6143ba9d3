import { z } from 'zod';
import { CREDENTIAL_KINDS, MODES } from '../../db/schema/merchant-credentials.js';
import { MERCHANT_STATUSES } from '../../db/schema/merchants.js';
import { defineEvent } from '../../events/catalogue.js';

export const merchantApplied = defineEvent({
  type: 'merchant.applied',
  version: 1,
  aggregateType: 'merchant',
  description: 'A business applied to become a merchant (status pending).',
  schema: z.object({ merchantId: z.string(), businessName: z.string(), website: z.string() }),
});

export const merchantStatusChanged = defineEvent({
  type: 'merchant.status_changed',
  version: 1,
  aggregateType: 'merchant',
  description: 'An admin moved a merchant between pending, active, suspended and closed.',
  schema: z.object({
    merchantId: z.string(),
    from: z.enum(MERCHANT_STATUSES),
    to: z.enum(MERCHANT_STATUSES),
    version: z.number().int(),
    reason: z.string().optional(),
  }),
});

export const merchantUpdated = defineEvent({
  type: 'merchant.updated',
  version: 1,
  aggregateType: 'merchant',
  description: 'A merchant profile (URLs, allowed origins, contact) changed.',
  schema: z.object({
    merchantId: z.string(),
    version: z.number().int(),
    fields: z.array(z.string()),
  }),
});

export const merchantCredentialCreated = defineEvent({
  type: 'merchant.credential_created',
  version: 1,
  aggregateType: 'merchant',
  description:
    'A merchant key or webhook secret was issued; replaced ones stay valid until graceUntil.',
  schema: z.object({
    merchantId: z.string(),
    credentialId: z.string(),
    kind: z.enum(CREDENTIAL_KINDS),
    mode: z.enum(MODES),
    // The webhook endpoint a webhook secret belongs to (null: merchant-wide).
    endpointId: z.string().nullable().optional(),
    replacedIds: z.array(z.string()),
    graceUntil: z.string().nullable(),
  }),
});

export const merchantCredentialRevoked = defineEvent({
  type: 'merchant.credential_revoked',
  version: 1,
  aggregateType: 'merchant',
  description: 'A merchant key or webhook secret was revoked (refused from now on).',
  schema: z.object({
    merchantId: z.string(),
    credentialId: z.string(),
    kind: z.enum(CREDENTIAL_KINDS),
    mode: z.enum(MODES),
  }),
});

export const merchantEvents = [
  merchantApplied,
  merchantStatusChanged,
  merchantUpdated,
  merchantCredentialCreated,
  merchantCredentialRevoked,
] as const;

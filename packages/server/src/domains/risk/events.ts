import { z } from 'zod';
import { RISK_ACTIONS } from '../../db/schema/index.js';
import { defineEvent } from '../../events/catalogue.js';

export const riskDecisionMade = defineEvent({
  type: 'risk.decision_made',
  version: 1,
  // Keyed by the order, so on Kafka it shares a partition with the order's own events.
  aggregateType: 'order',
  description: 'The risk engine decided on a checkout attempt (allow, review or reject).',
  schema: z.object({
    decisionId: z.string(),
    orderId: z.string(),
    merchantId: z.string(),
    shopperId: z.string().nullable(),
    method: z.enum(['wallet', 'provider']),
    amount: z.number().int(),
    currency: z.string().length(3),
    ip: z.string(),
    cardFingerprint: z.string().nullable(),
    decision: z.enum(RISK_ACTIONS),
    reasons: z.array(z.string()),
    ruleVersion: z.number().int().nonnegative(),
    fallback: z.boolean(),
  }),
});

export const riskMerchantAssessed = defineEvent({
  type: 'risk.merchant_assessed',
  version: 1,
  aggregateType: 'merchant',
  description:
    'The periodic merchant risk assessment ran for a merchant; `flagged` asks an admin to review it.',
  schema: z.object({
    merchantId: z.string(),
    flagged: z.boolean(),
    reasons: z.array(z.string()),
    metrics: z.record(z.string(), z.number()),
  }),
});

export const riskEvents = [riskDecisionMade, riskMerchantAssessed] as const;

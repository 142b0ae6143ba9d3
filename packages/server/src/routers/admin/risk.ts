import { z } from 'zod';
import { procedure, staffActor } from '../../auth/authorize.js';
import { RISK_ACTIONS, RISK_HOLD_STATUSES } from '../../db/schema/index.js';
import { listMerchantAssessments } from '../../domains/risk/assess-merchant-risk.js';
import { dryRunRiskRules } from '../../domains/risk/dry-run-rules.js';
import { listRiskDecisions } from '../../domains/risk/list-risk-decisions.js';
import {
  getRiskRules,
  listRiskRuleVersions,
  publishRiskRules,
} from '../../domains/risk/publish-risk-rules.js';
import { listRiskHolds, resolveRiskHold } from '../../domains/risk/resolve-risk-hold.js';
import { ZRuleSet } from '../../domains/risk/rules.js';
import { router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';

const ZOrderId = z.string().regex(/^ord_[1-9A-HJ-NP-Za-km-z]{22}$/, 'an order id (ord_…)');
const ZLiveRules = z.object({ version: z.number().int(), ruleSet: ZRuleSet });

const ZRiskHold = z.object({
  orderId: z.string(),
  decisionId: z.string(),
  transferId: z.string(),
  merchantId: z.string(),
  shopperId: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(RISK_HOLD_STATUSES),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

/** Risk: rules (versioned, audited), stored decisions, held payments, merchant assessments. */
export const riskAdminRouter = router({
  rules: router({
    get: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
      .output(ZLiveRules)
      .query(({ ctx }) => getRiskRules({ db: ctx.db })),

    versions: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
      .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
      .output(
        z.array(
          z.object({
            version: z.number().int(),
            createdBy: z.string(),
            createdByName: z.string().nullable(),
            note: z.string().nullable(),
            createdAt: z.string(),
          }),
        ),
      )
      .query(({ ctx, input }) => listRiskRuleVersions({ db: ctx.db, ...input })),

    /**
     * Replays a draft rule set against the last `limit` stored decisions (their stored feature
     * values) and reports how many would change; publishes nothing. A mutation only so that a
     * large draft travels in a POST body (a query's input goes in the URL).
     */
    dryRun: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
      .input(
        z.object({ ruleSet: ZRuleSet, limit: z.number().int().min(1).max(5_000).default(1_000) }),
      )
      .output(
        z.object({
          evaluated: z.number().int(),
          changed: z.number().int(),
          unchanged: z.number().int(),
          skipped: z.number().int(),
          transitions: z.record(z.string(), z.number().int()),
          samples: z.array(
            z.object({
              decisionId: z.string(),
              orderId: z.string(),
              from: z.enum(RISK_ACTIONS),
              to: z.enum(RISK_ACTIONS),
              reasons: z.array(z.string()),
              createdAt: z.string(),
            }),
          ),
        }),
      )
      .mutation(({ ctx, input }) => dryRunRiskRules({ db: ctx.db, ...input })),

    /** Publishes a whole new version of the rules, edited from `baseVersion`. */
    publish: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin'] } })
      .input(
        z.object({
          baseVersion: z.number().int().min(0),
          ruleSet: ZRuleSet,
          note: z.string().max(500).optional(),
        }),
      )
      .output(ZLiveRules)
      .mutation(({ ctx, input }) =>
        publishRiskRules({
          db: ctx.db,
          redis: ctx.redis,
          logger: ctx.logger,
          cache: ctx.payments?.risk.rules,
          actor: staffActor(ctx),
          ...input,
        }),
      ),
  }),

  decisions: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
    .input(
      z.object({
        orderId: ZOrderId.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(
      z.array(
        z.object({
          id: z.string(),
          orderId: z.string(),
          merchantId: z.string(),
          shopperId: z.string().nullable(),
          method: z.enum(['wallet', 'provider']),
          amount: z.number().int(),
          currency: z.string(),
          decision: z.enum(RISK_ACTIONS),
          reasons: z.array(z.string()),
          ruleVersion: z.number().int(),
          fallback: z.boolean(),
          inputs: z.unknown(),
          createdAt: z.string(),
        }),
      ),
    )
    .query(({ ctx, input }) => listRiskDecisions({ db: ctx.db, ...input })),

  holds: router({
    list: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
      .input(
        z.object({
          status: z.enum(RISK_HOLD_STATUSES).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        }),
      )
      .output(z.array(ZRiskHold))
      .query(({ ctx, input }) => listRiskHolds({ services: paymentsOf(ctx), ...input })),

    /** Release (the payment goes through) or void (the reservation is given back). */
    resolve: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'finance'] } })
      .input(
        z.object({
          orderId: ZOrderId,
          action: z.enum(['release', 'void']),
          note: z.string().max(500).optional(),
        }),
      )
      .output(ZRiskHold)
      .mutation(({ ctx, input }) =>
        resolveRiskHold({ services: paymentsOf(ctx), actor: staffActor(ctx), ...input }),
      ),
  }),

  merchants: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
    .input(
      z.object({
        flagged: z.boolean().optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(
      z.array(
        z.object({
          merchantId: z.string(),
          flagged: z.boolean(),
          reasons: z.array(z.string()),
          metrics: z.record(z.string(), z.number()),
          assessedAt: z.string(),
        }),
      ),
    )
    .query(({ ctx, input }) => listMerchantAssessments({ db: ctx.db, ...input })),
});

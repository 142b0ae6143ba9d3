import type { Db } from '../../db/client.js';
import type { RiskAction } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import { decodeState, riskKeys } from './feature-store.js';
import { entityKeys, type FeatureVector, featureVector } from './features.js';
import { createDecisionRecorder, type DecisionRecorder } from './record-decision.js';
import { createRuleCache, type RuleCache } from './rule-store.js';
import { evaluateRules, fallbackVerdict, type Subject, type Verdict } from './rules.js';

/** The risk check run before a payment. */
export type RiskInput = {
  orderId: string;
  merchantId: string;
  amount: number;
  currency: string;
  method: 'wallet' | 'provider';
  shopperId: string | null;
  ip: string;
  /** The provider's fingerprint of the card when the checkout knows it (none do yet). */
  cardFingerprint?: string | null;
};

/**
 * The engine's answer: `reject` (the order gets `reject_risk_service` with `code`), `review` (a
 * wallet payment is held, two-phase, until an admin decides) or `allow`. Always with the reasons,
 * the rule version, and the id of the stored decision.
 */
export type RiskDecision = {
  decision: RiskAction;
  /** 0 allow, 50 review, 100 reject: coarse, for dashboards. */
  score: number;
  reasons: string[];
  /** The first reason: what an order records as its failure code. */
  code: string;
  ruleVersion: number;
  decisionId: string;
  /** The default policy decided: pre-computed values were missing. */
  fallback: boolean;
};

export type RiskEngine = {
  assess(input: RiskInput): Promise<RiskDecision>;
  /** The engine's in-memory rules, so a publication in this process takes effect at once. */
  rules?: RuleCache;
};

const SCORE: Record<RiskAction, number> = { allow: 0, review: 50, reject: 100 };

/** Allows everything without storing anything: for tests that are not about risk. */
export function createPassThroughRisk(): RiskEngine {
  return {
    assess: async () => ({
      decision: 'allow',
      score: 0,
      reasons: [],
      code: 'allowed',
      ruleVersion: 0,
      decisionId: 'rsk_passthrough',
      fallback: false,
    }),
  };
}

/** A held order keeps answering `review` until an admin decides, whatever the features say. */
const HELD: Verdict = { decision: 'review', reasons: ['held_for_review'] };

export type Decided = {
  verdict: Verdict;
  /** The values the rules read; null when the default policy or a hold decided. */
  features: FeatureVector | null;
  fallback: boolean;
  ruleVersion: number;
  at: number;
};

/** The real engine: `decide` is the hot path alone (read and evaluate), `assess` also stores. */
export type StoringRiskEngine = RiskEngine & {
  rules: RuleCache;
  decide(input: RiskInput): Promise<Decided>;
};

/**
 * The real engine. One decision reads everything it needs from Redis in one pipelined round
 * trip of O(1) GETs (the shopper's, merchant's, IP's and pair's pre-computed states, the hold and
 * merchant flag markers, the announced rule version), evaluates the in-memory rules, and stores
 * the decision (group-committed with its event) before answering. No other database work.
 */
export function createRiskEngine(options: {
  redis: RedisClient;
  rules: RuleCache;
  recorder: DecisionRecorder;
  logger: Logger;
  now?: () => number;
}): StoringRiskEngine {
  const { redis, rules, recorder, logger } = options;
  const clock = options.now ?? Date.now;

  async function decide(input: RiskInput): Promise<Decided> {
    const now = clock();
    const shopperKey = input.shopperId ? entityKeys.shopper(input.shopperId) : null;
    const pairKey = input.shopperId ? entityKeys.pair(input.merchantId, input.shopperId) : null;
    const keys = [
      riskKeys.ready,
      riskKeys.rulesVersion,
      riskKeys.hold(input.orderId),
      riskKeys.merchantFlag(input.merchantId),
      riskKeys.feature(entityKeys.merchant(input.merchantId)),
      riskKeys.feature(entityKeys.ip(input.ip)),
      ...(shopperKey ? [riskKeys.feature(shopperKey)] : []),
      ...(pairKey ? [riskKeys.feature(pairKey)] : []),
    ];
    let values: (string | null)[] | undefined;
    try {
      // One MGET: one command, one round trip. On a cluster the keys live in different slots, so
      // they go as GETs that auto-pipelining sends in one write per node.
      values = redis.isCluster
        ? await Promise.all(keys.map((key) => redis.get(key)))
        : await redis.mget(keys);
    } catch (error) {
      logger.warn({ err: error, orderId: input.orderId }, 'risk features unreadable');
    }
    const announced = values?.[1] ? Number(values[1]) : null;
    const live = await rules.current(announced);
    const subject: Subject = {
      merchantId: input.merchantId,
      method: input.method,
      shopperId: input.shopperId,
      emailDomain: null,
      ip: input.ip,
      card: input.cardFingerprint ?? null,
    };
    const decided = { fallback: false, features: null, ruleVersion: live.version, at: now };
    if (values && values[2] !== null) return { ...decided, verdict: HELD };
    if (!values || values[0] === null) {
      return {
        ...decided,
        fallback: true,
        verdict: fallbackVerdict({ ruleSet: live.ruleSet, subject, amount: input.amount }),
      };
    }
    const shopper = shopperKey ? decodeState(values[6] ?? null) : undefined;
    subject.emailDomain = shopper?.profile?.emailDomain ?? null;
    const features = featureVector({
      amount: input.amount,
      currency: input.currency,
      now,
      merchantFlagged: values[3] !== null,
      merchant: decodeState(values[4] ?? null),
      ip: decodeState(values[5] ?? null),
      shopper,
      pair: pairKey ? decodeState(values[7] ?? null) : undefined,
    });
    return {
      ...decided,
      features,
      verdict: evaluateRules({ ruleSet: live.ruleSet, subject, features }),
    };
  }

  return {
    rules,
    decide,
    async assess(input) {
      const { verdict, features, fallback, ruleVersion, at } = await decide(input);
      const decisionId = newId('rsk');
      try {
        await recorder.record({
          id: decisionId,
          orderId: input.orderId,
          merchantId: input.merchantId,
          shopperId: input.shopperId,
          method: input.method,
          amount: input.amount,
          currency: input.currency,
          ip: input.ip,
          cardFingerprint: input.cardFingerprint ?? null,
          decision: verdict.decision,
          reasons: verdict.reasons,
          ruleVersion,
          fallback,
          features,
          at: new Date(at),
        });
      } catch (error) {
        // No unrecorded decision lets money move.
        throw new AppError('service_unavailable', {
          internalMessage: 'risk decision could not be stored',
          cause: error,
        });
      }
      return {
        decision: verdict.decision,
        score: SCORE[verdict.decision],
        reasons: verdict.reasons,
        code: verdict.reasons[0] ?? 'allowed',
        ruleVersion,
        decisionId,
        fallback,
      };
    },
  };
}

/** The engine with its rule cache and group-committing decision recorder, for one process. */
export function createRiskServices(options: {
  db: Db;
  redis: RedisClient;
  logger: Logger;
  /** After decisions commit (their events are in the outbox): wake the relay. */
  onCommit?: () => void;
}): StoringRiskEngine {
  return createRiskEngine({
    redis: options.redis,
    logger: options.logger,
    rules: createRuleCache({ db: options.db, logger: options.logger }),
    recorder: createDecisionRecorder({
      db: options.db,
      ...(options.onCommit ? { onCommit: options.onCommit } : {}),
    }),
  });
}

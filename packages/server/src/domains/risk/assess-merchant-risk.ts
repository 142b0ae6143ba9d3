import { and, asc, desc, eq, gt, like } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { riskFeatures, riskMerchantAssessments } from '../../db/schema/index.js';
import { outbox } from '../../events/index.js';
import type { RedisClient } from '../../infra/redis.js';
import { riskKeys } from './feature-store.js';
import { type FeatureState, windowSum } from './features.js';
import { loadLiveRules } from './rule-store.js';
import type { RuleSet } from './rules.js';

export type MerchantAssessment = {
  merchantId: string;
  flagged: boolean;
  reasons: string[];
  metrics: Record<string, number>;
  assessedAt: string;
};

/**
 * One merchant's risk from its features: refund, failure and decline ratios, and a volume spike
 * (successful payments in the last 24 h against the daily average of the last 7 d). Disputes are
 * not tracked by the platform yet, so they do not count. Pure.
 */
export function judgeMerchant(options: {
  state: FeatureState;
  policy: RuleSet['merchant'];
  now: number;
}): { flagged: boolean; reasons: string[]; metrics: Record<string, number> } {
  const { state, policy, now } = options;
  const attempts7d = windowSum(state, 'attempts', '7d', now);
  const successes24h = windowSum(state, 'successes', '24h', now);
  const successes7d = windowSum(state, 'successes', '7d', now);
  const n = state.n;
  const ratio = (a: number | undefined, b: number | undefined) => (b ? (a ?? 0) / b : 0);
  const metrics = {
    attempts_7d: attempts7d,
    successes_24h: successes24h,
    successes_7d: successes7d,
    refund_ratio: ratio(n.refunds, n.successes),
    failure_ratio: ratio(n.failures, n.attempts),
    decline_ratio: ratio(n.declines, n.attempts),
    // The daily average over the 6 days before the last 24 h, so a spike does not dilute itself.
    volume_spike:
      successes7d - successes24h > 0 ? successes24h / ((successes7d - successes24h) / 6) : 0,
  };
  const reasons: string[] = [];
  if (attempts7d >= policy.minAttempts) {
    if (metrics.refund_ratio > policy.maxRefundRatio) reasons.push('merchant_refund_ratio');
    if (metrics.failure_ratio > policy.maxFailureRatio) reasons.push('merchant_failure_ratio');
    if (metrics.decline_ratio > policy.maxDeclineRatio) reasons.push('merchant_decline_ratio');
    if (metrics.volume_spike > policy.spikeFactor) reasons.push('merchant_volume_spike');
  }
  return { flagged: reasons.length > 0, reasons, metrics };
}

/**
 * The periodic merchant risk assessment: every merchant with features is judged; the result is
 * stored with a `risk.merchant_assessed` event in one transaction, and a flagged merchant is marked
 * in Redis, where the checkout's rules see it as `merchant_flagged`.
 */
export async function assessMerchantRisk(options: {
  db: Db;
  redis: RedisClient;
  now?: Date;
}): Promise<{ assessed: number; flagged: number }> {
  const { db, redis } = options;
  const now = options.now ?? new Date();
  const { ruleSet } = await loadLiveRules(db);
  let after = '';
  let assessed = 0;
  let flagged = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(riskFeatures)
      .where(and(like(riskFeatures.entity, 'merchant:%'), gt(riskFeatures.entity, after)))
      .orderBy(asc(riskFeatures.entity))
      .limit(500);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.entity ?? after;
    for (const row of rows) {
      const merchantId = row.entity.slice('merchant:'.length);
      const verdict = judgeMerchant({
        state: row.state as FeatureState,
        policy: ruleSet.merchant,
        now: now.getTime(),
      });
      await db.transaction(async (tx) => {
        await tx
          .insert(riskMerchantAssessments)
          .values({ merchantId, ...verdict, assessedAt: now })
          .onDuplicateKeyUpdate({ set: { ...verdict, assessedAt: now } });
        await outbox.append({
          tx,
          type: 'risk.merchant_assessed',
          aggregateId: merchantId,
          payload: { merchantId, ...verdict },
          occurredAt: now,
        });
      });
      if (verdict.flagged) await redis.set(riskKeys.merchantFlag(merchantId), '1');
      else await redis.del(riskKeys.merchantFlag(merchantId));
      assessed++;
      if (verdict.flagged) flagged++;
    }
  }
  return { assessed, flagged };
}

export async function listMerchantAssessments(options: {
  db: Db;
  flagged?: boolean | undefined;
  limit: number;
}): Promise<MerchantAssessment[]> {
  const rows = await options.db
    .select()
    .from(riskMerchantAssessments)
    .where(
      options.flagged === undefined
        ? undefined
        : eq(riskMerchantAssessments.flagged, options.flagged),
    )
    .orderBy(desc(riskMerchantAssessments.assessedAt))
    .limit(options.limit);
  return rows.map((r) => ({
    merchantId: r.merchantId,
    flagged: r.flagged,
    reasons: r.reasons as string[],
    metrics: r.metrics as Record<string, number>,
    assessedAt: r.assessedAt.toISOString(),
  }));
}

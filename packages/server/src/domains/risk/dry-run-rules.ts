import { desc, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type RiskAction, riskDecisions, users } from '../../db/schema/index.js';
import type { FeatureVector } from './features.js';
import { evaluateRules, fallbackVerdict, type RuleSet, type Subject } from './rules.js';

export type DryRunResult = {
  /** Decisions read (the newest `limit`). */
  evaluated: number;
  changed: number;
  unchanged: number;
  /** Decisions that cannot be replayed (a held payment's retry stored no features). */
  skipped: number;
  /** `from->to` counts, e.g. `allow->review: 12`. */
  transitions: Record<string, number>;
  /** Up to 20 decisions that would change, newest first. */
  samples: {
    decisionId: string;
    orderId: string;
    from: RiskAction;
    to: RiskAction;
    reasons: string[];
    createdAt: string;
  }[];
};

type Inputs = { features?: FeatureVector | null; cardFingerprint?: string | null };

/**
 * Replays a draft rule set against the last `limit` stored decisions, with the feature values
 * each decision read (stored with it), and reports how many would come out differently. Nothing
 * is written. Decisions made by the default policy (features missing) are replayed with the
 * draft's fallback policy. The shopper's email domain is today's (the decision does not store
 * it), so a changed address can make a list entry match differently than it did.
 */
export async function dryRunRiskRules(options: {
  db: Db;
  ruleSet: RuleSet;
  limit: number;
}): Promise<DryRunResult> {
  const rows = await options.db
    .select()
    .from(riskDecisions)
    .orderBy(desc(riskDecisions.createdAt))
    .limit(options.limit);
  const shopperIds = [...new Set(rows.flatMap((r) => (r.shopperId ? [r.shopperId] : [])))];
  const domains = new Map(
    shopperIds.length === 0
      ? []
      : (
          await options.db
            .select({ id: users.id, email: users.email })
            .from(users)
            .where(inArray(users.id, shopperIds))
        ).map((u) => [u.id, u.email.split('@')[1] ?? null]),
  );
  const result: DryRunResult = {
    evaluated: rows.length,
    changed: 0,
    unchanged: 0,
    skipped: 0,
    transitions: {},
    samples: [],
  };
  for (const row of rows) {
    const inputs = (row.inputs ?? {}) as Inputs;
    const subject: Subject = {
      merchantId: row.merchantId,
      method: row.method,
      shopperId: row.shopperId,
      emailDomain: row.shopperId ? (domains.get(row.shopperId) ?? null) : null,
      ip: row.ip,
      card: inputs.cardFingerprint ?? null,
    };
    let verdict: { decision: RiskAction; reasons: string[] };
    if (row.fallback) {
      verdict = fallbackVerdict({ ruleSet: options.ruleSet, subject, amount: Number(row.amount) });
    } else if (inputs.features) {
      verdict = evaluateRules({ ruleSet: options.ruleSet, subject, features: inputs.features });
    } else {
      result.skipped++;
      continue;
    }
    if (verdict.decision === row.decision) {
      result.unchanged++;
      continue;
    }
    result.changed++;
    const key = `${row.decision}->${verdict.decision}`;
    result.transitions[key] = (result.transitions[key] ?? 0) + 1;
    if (result.samples.length < 20) {
      result.samples.push({
        decisionId: row.id,
        orderId: row.orderId,
        from: row.decision,
        to: verdict.decision,
        reasons: verdict.reasons,
        createdAt: row.createdAt.toISOString(),
      });
    }
  }
  return result;
}

import { z } from 'zod';
import {
  FEATURE_NAMES,
  RISK_ACTIONS,
  RISK_CODE_PATTERN,
  RISK_FALLBACK_ACTIONS,
  RISK_LIST_KINDS,
  RISK_LISTS,
  RISK_METHODS,
  RISK_RULE_OPS,
  type RiskAction,
} from '../../constants.js';
import type { FeatureVector } from './features.js';

const ZReason = z
  .string()
  .regex(RISK_CODE_PATTERN, 'a reason code: lower case letters, digits and _');
const ZMerchantScope = z
  .string()
  .regex(/^mch_[1-9A-Za-z]{22}$/, 'a merchant id (mch_…)')
  .nullable()
  .default(null);

/**
 * A threshold: when `feature op value` holds, the rule votes `action` with `reason`. A rule with a
 * `merchantId` applies to that merchant only and replaces the global rule of the same `id` there
 * (a per-merchant override; `enabled: false` switches a global rule off for one merchant).
 */
export const ZRiskRule = z.object({
  id: z.string().regex(RISK_CODE_PATTERN, 'a rule id: lower case letters, digits and _'),
  feature: z.enum(FEATURE_NAMES),
  op: z.enum(RISK_RULE_OPS),
  value: z.number().finite(),
  action: z.enum(RISK_ACTIONS),
  reason: ZReason,
  merchantId: ZMerchantScope,
  /** Only for these payment methods; all when absent. */
  methods: z.array(z.enum(RISK_METHODS)).min(1).optional(),
  enabled: z.boolean().default(true),
});
export type RiskRule = z.output<typeof ZRiskRule>;

export const LIST_KINDS = RISK_LIST_KINDS;

/** An allow- or block-list entry, global or for one merchant. */
export const ZListEntry = z.object({
  list: z.enum(RISK_LISTS),
  kind: z.enum(LIST_KINDS),
  value: z.string().min(1).max(200),
  reason: ZReason,
  merchantId: ZMerchantScope,
});
export type ListEntry = z.output<typeof ZListEntry>;

/**
 * Merchant risk: thresholds of the periodic assessment above which a merchant is flagged.
 * `spikeFactor`: the last 24 h of successful payments against the daily average of the last 7 d.
 */
export const ZMerchantPolicy = z.object({
  maxRefundRatio: z.number().min(0).max(1).default(0.2),
  maxFailureRatio: z.number().min(0).max(1).default(0.5),
  maxDeclineRatio: z.number().min(0).max(1).default(0.3),
  spikeFactor: z.number().min(1).default(5),
  /** Below this many attempts in 7 d a merchant is not judged (too little data). */
  minAttempts: z.number().int().min(1).default(20),
});

/**
 * What to do when the pre-computed values cannot be read (Redis down, or its copy lost and not
 * yet restored): never a silent allow of everything. Amounts up to `allowUpTo` (minor units) are
 * allowed, larger ones get `action`; every such decision carries the reason `features_unavailable`.
 */
export const ZFallbackPolicy = z.object({
  allowUpTo: z.number().int().min(0).default(100_000),
  action: z.enum(RISK_FALLBACK_ACTIONS).default('review'),
});

export const ZRuleSet = z.object({
  rules: z
    .array(ZRiskRule)
    .max(500)
    .refine(
      (rules) => new Set(rules.map((r) => `${r.id}/${r.merchantId ?? ''}`)).size === rules.length,
      'each rule id appears once per scope (global or one merchant)',
    ),
  lists: z.array(ZListEntry).max(10_000).default([]),
  fallback: ZFallbackPolicy.default({ allowUpTo: 100_000, action: 'review' }),
  merchant: ZMerchantPolicy.default({
    maxRefundRatio: 0.2,
    maxFailureRatio: 0.5,
    maxDeclineRatio: 0.3,
    spikeFactor: 5,
    minAttempts: 20,
  }),
});
export type RuleSet = z.output<typeof ZRuleSet>;
export type RuleSetInput = z.input<typeof ZRuleSet>;

/** Version 0: the rules before any admin wrote some: no thresholds, no lists, the fallback. */
export const DEFAULT_RULE_SET: RuleSet = ZRuleSet.parse({ rules: [] });

const SEVERITY: Record<RiskAction, number> = { allow: 0, review: 1, reject: 2 };

export type Verdict = { decision: RiskAction; reasons: string[] };

/** What the lists are matched against. */
export type Subject = {
  merchantId: string;
  method: 'wallet' | 'provider';
  shopperId: string | null;
  emailDomain: string | null;
  ip: string;
  card: string | null;
};

function listValue(subject: Subject, kind: (typeof LIST_KINDS)[number]): string | null {
  switch (kind) {
    case 'shopper':
      return subject.shopperId;
    case 'email_domain':
      return subject.emailDomain;
    case 'ip':
      return subject.ip;
    case 'card':
      return subject.card;
  }
}

function listKey(kind: (typeof LIST_KINDS)[number], value: string): string {
  // Domains and addresses compare case-insensitively; ids and fingerprints exactly.
  return `${kind}:${kind === 'email_domain' || kind === 'ip' ? value.toLowerCase() : value}`;
}

// Indexes built once per rule set (rule sets are immutable once loaded), so a decision looks its
// subject up in O(1) however long the lists are.
const listIndexes = new WeakMap<RuleSet, Map<string, ListEntry[]>>();
const merchantRules = new WeakMap<RuleSet, Map<string, RiskRule[]>>();

function listIndex(ruleSet: RuleSet): Map<string, ListEntry[]> {
  let index = listIndexes.get(ruleSet);
  if (!index) {
    index = new Map();
    for (const entry of ruleSet.lists) {
      const key = listKey(entry.kind, entry.value);
      index.set(key, [...(index.get(key) ?? []), entry]);
    }
    listIndexes.set(ruleSet, index);
  }
  return index;
}

/** Block-list and allow-list matches for this subject (global and the merchant's own). */
export function matchLists(
  ruleSet: RuleSet,
  subject: Subject,
): { block: string[]; allow: string[] } {
  const block: string[] = [];
  const allow: string[] = [];
  if (ruleSet.lists.length === 0) return { block, allow };
  const index = listIndex(ruleSet);
  for (const kind of LIST_KINDS) {
    const value = listValue(subject, kind);
    if (value === null) continue;
    for (const entry of index.get(listKey(kind, value)) ?? []) {
      if (entry.merchantId !== null && entry.merchantId !== subject.merchantId) continue;
      (entry.list === 'block' ? block : allow).push(entry.reason);
    }
  }
  return { block, allow };
}

function holds(rule: RiskRule, value: number): boolean {
  switch (rule.op) {
    case 'gt':
      return value > rule.value;
    case 'gte':
      return value >= rule.value;
    case 'lt':
      return value < rule.value;
    case 'lte':
      return value <= rule.value;
    case 'eq':
      return value === rule.value;
  }
}

/** The rules in force for one merchant: its overrides replace global rules of the same id. */
export function rulesFor(ruleSet: RuleSet, merchantId: string): RiskRule[] {
  let byMerchant = merchantRules.get(ruleSet);
  if (!byMerchant) {
    byMerchant = new Map();
    merchantRules.set(ruleSet, byMerchant);
  }
  let rules = byMerchant.get(merchantId);
  if (!rules) {
    const own = ruleSet.rules.filter((r) => r.merchantId === merchantId);
    const overridden = new Set(own.map((r) => r.id));
    rules = [
      ...ruleSet.rules.filter((r) => r.merchantId === null && !overridden.has(r.id)),
      ...own,
    ].filter((r) => r.enabled);
    byMerchant.set(merchantId, rules);
  }
  return rules;
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * Evaluates the rules for one checkout. A block-list match rejects; otherwise an allow-list match
 * allows (thresholds are skipped: the shopper is known good); otherwise the most severe action
 * among the thresholds that hold wins, with the reasons of every rule that voted it.
 */
export function evaluateRules(options: {
  ruleSet: RuleSet;
  subject: Subject;
  features: FeatureVector;
}): Verdict {
  const { ruleSet, subject, features } = options;
  const lists = matchLists(ruleSet, subject);
  if (lists.block.length > 0) return { decision: 'reject', reasons: sortedUnique(lists.block) };
  if (lists.allow.length > 0) return { decision: 'allow', reasons: sortedUnique(lists.allow) };
  let decision: RiskAction = 'allow';
  let reasons: string[] = [];
  for (const rule of rulesFor(ruleSet, subject.merchantId)) {
    if (rule.methods && !rule.methods.includes(subject.method)) continue;
    if (!holds(rule, features[rule.feature])) continue;
    if (SEVERITY[rule.action] > SEVERITY[decision]) {
      decision = rule.action;
      reasons = [rule.reason];
    } else if (rule.action === decision) {
      reasons.push(rule.reason);
    }
  }
  return { decision, reasons: decision === 'allow' ? [] : sortedUnique(reasons) };
}

/**
 * The default policy, used when the pre-computed values are missing: the lists still apply (they
 * are in memory), then the amount decides.
 */
export function fallbackVerdict(options: {
  ruleSet: RuleSet;
  subject: Subject;
  amount: number;
}): Verdict {
  const { ruleSet, subject, amount } = options;
  const lists = matchLists(ruleSet, subject);
  if (lists.block.length > 0) {
    return { decision: 'reject', reasons: sortedUnique([...lists.block, 'features_unavailable']) };
  }
  if (lists.allow.length > 0 || amount <= ruleSet.fallback.allowUpTo) {
    return { decision: 'allow', reasons: ['features_unavailable'] };
  }
  return { decision: ruleSet.fallback.action, reasons: ['features_unavailable'] };
}

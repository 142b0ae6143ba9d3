/**
 * The enumerations the web apps show, defined once here (`@ducat/server/constants`) and imported
 * by the server's schemas and by the portal alike, so a value added on the server reaches the
 * forms without a hand-made copy. This file imports nothing: it is bundled into the browser, so
 * it must never pull in drizzle, ioredis or anything else server-only.
 */

/** What a risk rule (or the default policy) decides: pass, hold for review, or refuse. */
export const RISK_ACTIONS = ['allow', 'review', 'reject'] as const;
export type RiskAction = (typeof RISK_ACTIONS)[number];

/** What the default policy does with an amount above its limit when features are unavailable. */
export const RISK_FALLBACK_ACTIONS = ['review', 'reject'] as const satisfies readonly RiskAction[];

/** How a checkout pays, as risk tells them apart: the shopper's wallet or a card at a provider. */
export const RISK_METHODS = ['wallet', 'provider'] as const;
export type RiskMethod = (typeof RISK_METHODS)[number];

/** A risk rule's comparison: `feature op value`. */
export const RISK_RULE_OPS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;
export type RiskRuleOp = (typeof RISK_RULE_OPS)[number];

/** The two lists: a match on a block-list refuses, on an allow-list skips the thresholds. */
export const RISK_LISTS = ['allow', 'block'] as const;
export type RiskList = (typeof RISK_LISTS)[number];

/** What a list entry is matched against. */
export const RISK_LIST_KINDS = ['shopper', 'email_domain', 'ip', 'card'] as const;
export type RiskListKind = (typeof RISK_LIST_KINDS)[number];

/** A rule id or a reason code: lower case letters, digits and _. */
export const RISK_CODE_PATTERN = /^[a-z][a-z0-9_]{1,59}$/;

/**
 * Every feature a rule may test, with its unit: `amount` in minor units of the payment's
 * currency, `count` a number of events, `ratio` 0..1, `days` an age, `flag` 0 or 1, `factor` a
 * multiple of the shopper's usual amount.
 */
export const RISK_FEATURES = {
  amount: 'amount',
  shopper_known: 'flag',
  shopper_attempts_1h: 'count',
  shopper_attempts_24h: 'count',
  shopper_attempts_7d: 'count',
  shopper_amount_1h: 'amount',
  shopper_amount_24h: 'amount',
  shopper_amount_7d: 'amount',
  shopper_successes_24h: 'count',
  shopper_failure_ratio: 'ratio',
  shopper_decline_ratio: 'ratio',
  shopper_refund_ratio: 'ratio',
  shopper_account_age_days: 'days',
  shopper_distinct_ips_24h: 'count',
  shopper_distinct_cards_24h: 'count',
  first_time_pair: 'flag',
  amount_vs_usual: 'factor',
  ip_attempts_1h: 'count',
  ip_attempts_24h: 'count',
  merchant_attempts_1h: 'count',
  merchant_attempts_24h: 'count',
  merchant_amount_24h: 'amount',
  merchant_failure_ratio: 'ratio',
  merchant_refund_ratio: 'ratio',
  merchant_flagged: 'flag',
} as const satisfies Record<string, 'amount' | 'count' | 'ratio' | 'days' | 'flag' | 'factor'>;
export type FeatureName = keyof typeof RISK_FEATURES;
export type FeatureUnit = (typeof RISK_FEATURES)[FeatureName];

/** The feature names in their order (as zod's `z.enum` wants them). */
export const FEATURE_NAMES = Object.keys(RISK_FEATURES) as [FeatureName, ...FeatureName[]];

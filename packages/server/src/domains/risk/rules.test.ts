import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, type FeatureVector } from './features.js';
import {
  evaluateRules,
  fallbackVerdict,
  type RuleSetInput,
  type Subject,
  type Verdict,
  ZRuleSet,
} from './rules.js';

const M1 = 'mch_1111111111111111111111';
const M2 = 'mch_2222222222222222222222';

function vector(overrides: Partial<FeatureVector> = {}): FeatureVector {
  const zeros = Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as FeatureVector;
  return { ...zeros, first_time_pair: 1, ...overrides };
}

const subject: Subject = {
  merchantId: M1,
  method: 'wallet',
  shopperId: 'usr_shopper',
  emailDomain: 'mail.example',
  ip: '10.0.0.1',
  card: null,
};

const rules: RuleSetInput = {
  rules: [
    {
      id: 'velocity_1h',
      feature: 'shopper_attempts_1h',
      op: 'gte',
      value: 5,
      action: 'reject',
      reason: 'velocity_1h',
    },
    {
      id: 'large_amount',
      feature: 'amount',
      op: 'gt',
      value: 50_000,
      action: 'review',
      reason: 'large_amount',
    },
    {
      id: 'unusual_amount',
      feature: 'amount_vs_usual',
      op: 'gt',
      value: 10,
      action: 'review',
      reason: 'unusual_amount',
    },
    {
      id: 'new_pair_big',
      feature: 'first_time_pair',
      op: 'eq',
      value: 1,
      action: 'review',
      reason: 'first_time_pair',
      methods: ['provider'],
    },
    // Merchant M2 tolerates more velocity: its own rule replaces the global one of the same id.
    {
      id: 'velocity_1h',
      feature: 'shopper_attempts_1h',
      op: 'gte',
      value: 20,
      action: 'reject',
      reason: 'velocity_1h',
      merchantId: M2,
    },
    // ...and has the large-amount review switched off.
    {
      id: 'large_amount',
      feature: 'amount',
      op: 'gt',
      value: 0,
      action: 'review',
      reason: 'large_amount',
      merchantId: M2,
      enabled: false,
    },
    {
      id: 'flagged_merchant',
      feature: 'merchant_flagged',
      op: 'eq',
      value: 1,
      action: 'review',
      reason: 'merchant_flagged',
    },
  ],
  lists: [
    { list: 'block', kind: 'email_domain', value: 'MAILINATOR.example', reason: 'blocked_domain' },
    { list: 'block', kind: 'ip', value: '192.0.2.66', reason: 'blocked_ip' },
    { list: 'allow', kind: 'shopper', value: 'usr_vip', reason: 'trusted_shopper' },
    { list: 'block', kind: 'card', value: 'fp_stolen', reason: 'blocked_card' },
    {
      list: 'block',
      kind: 'shopper',
      value: 'usr_banned_at_m2',
      reason: 'blocked_by_merchant',
      merchantId: M2,
    },
  ],
};
const ruleSet = ZRuleSet.parse(rules);

type Case = {
  name: string;
  subject?: Partial<Subject>;
  features?: Partial<FeatureVector>;
  expected: Verdict;
};

const cases: Case[] = [
  { name: 'nothing holds: allow', expected: { decision: 'allow', reasons: [] } },
  {
    name: 'velocity at the limit: reject',
    features: { shopper_attempts_1h: 5 },
    expected: { decision: 'reject', reasons: ['velocity_1h'] },
  },
  {
    name: 'velocity just under the limit: allow',
    features: { shopper_attempts_1h: 4 },
    expected: { decision: 'allow', reasons: [] },
  },
  {
    name: 'large amount: review',
    features: { amount: 50_001 },
    expected: { decision: 'review', reasons: ['large_amount'] },
  },
  {
    name: 'two reviews: both reasons, sorted',
    features: { amount: 60_000, amount_vs_usual: 12 },
    expected: { decision: 'review', reasons: ['large_amount', 'unusual_amount'] },
  },
  {
    name: 'reject outranks review and keeps only its own reasons',
    features: { amount: 60_000, shopper_attempts_1h: 9 },
    expected: { decision: 'reject', reasons: ['velocity_1h'] },
  },
  {
    name: 'a method-scoped rule does not apply to other methods',
    subject: { method: 'wallet' },
    features: { first_time_pair: 1 },
    expected: { decision: 'allow', reasons: [] },
  },
  {
    name: 'a method-scoped rule applies to its method',
    subject: { method: 'provider' },
    features: { first_time_pair: 1 },
    expected: { decision: 'review', reasons: ['first_time_pair'] },
  },
  {
    name: 'merchant override raises the velocity limit',
    subject: { merchantId: M2 },
    features: { shopper_attempts_1h: 9 },
    expected: { decision: 'allow', reasons: [] },
  },
  {
    name: 'merchant override still rejects above its own limit',
    subject: { merchantId: M2 },
    features: { shopper_attempts_1h: 20 },
    expected: { decision: 'reject', reasons: ['velocity_1h'] },
  },
  {
    name: 'merchant override switches a global rule off',
    subject: { merchantId: M2 },
    features: { amount: 1_000_000 },
    expected: { decision: 'allow', reasons: [] },
  },
  {
    name: 'flagged merchant: review',
    features: { merchant_flagged: 1 },
    expected: { decision: 'review', reasons: ['merchant_flagged'] },
  },
  {
    name: 'blocked email domain (case-insensitive): reject whatever the features',
    subject: { emailDomain: 'mailinator.example' },
    expected: { decision: 'reject', reasons: ['blocked_domain'] },
  },
  {
    name: 'blocked IP: reject',
    subject: { ip: '192.0.2.66' },
    expected: { decision: 'reject', reasons: ['blocked_ip'] },
  },
  {
    name: 'blocked card: reject',
    subject: { card: 'fp_stolen' },
    expected: { decision: 'reject', reasons: ['blocked_card'] },
  },
  {
    name: 'allow-listed shopper skips the thresholds',
    subject: { shopperId: 'usr_vip' },
    features: { shopper_attempts_1h: 50, amount: 1_000_000 },
    expected: { decision: 'allow', reasons: ['trusted_shopper'] },
  },
  {
    name: 'block list beats allow list',
    subject: { shopperId: 'usr_vip', ip: '192.0.2.66' },
    expected: { decision: 'reject', reasons: ['blocked_ip'] },
  },
  {
    name: "a merchant's block list applies to that merchant",
    subject: { merchantId: M2, shopperId: 'usr_banned_at_m2' },
    expected: { decision: 'reject', reasons: ['blocked_by_merchant'] },
  },
  {
    name: "a merchant's block list does not apply to others",
    subject: { merchantId: M1, shopperId: 'usr_banned_at_m2' },
    expected: { decision: 'allow', reasons: [] },
  },
  {
    name: 'a guest (no shopper) is matched on what it has',
    subject: { shopperId: null, emailDomain: null },
    features: { amount: 60_000 },
    expected: { decision: 'review', reasons: ['large_amount'] },
  },
];

describe('rule evaluation', () => {
  it.each(cases)('$name', ({ subject: s, features, expected }) => {
    expect(
      evaluateRules({ ruleSet, subject: { ...subject, ...s }, features: vector(features) }),
    ).toEqual(expected);
  });
});

describe('the default policy (features missing)', () => {
  const policy = ZRuleSet.parse({ ...rules, fallback: { allowUpTo: 10_000, action: 'review' } });

  it.each([
    { amount: 10_000, expected: { decision: 'allow', reasons: ['features_unavailable'] } },
    { amount: 10_001, expected: { decision: 'review', reasons: ['features_unavailable'] } },
  ])('amount $amount -> $expected.decision, never silently', ({ amount, expected }) => {
    expect(fallbackVerdict({ ruleSet: policy, subject, amount })).toEqual(expected);
  });

  it('still applies the block lists', () => {
    expect(
      fallbackVerdict({ ruleSet: policy, subject: { ...subject, ip: '192.0.2.66' }, amount: 1 }),
    ).toEqual({ decision: 'reject', reasons: ['blocked_ip', 'features_unavailable'] });
  });

  it('can reject instead of review above the amount', () => {
    const strict = ZRuleSet.parse({ rules: [], fallback: { allowUpTo: 0, action: 'reject' } });
    expect(fallbackVerdict({ ruleSet: strict, subject, amount: 1 })).toEqual({
      decision: 'reject',
      reasons: ['features_unavailable'],
    });
  });
});

describe('rule sets are validated', () => {
  it.each([
    ['an unknown feature', { rules: [{ ...rules.rules[0], feature: 'shoe_size' }] }],
    ['a bad reason code', { rules: [{ ...rules.rules[0], reason: 'Has Spaces' }] }],
    ['a duplicate id in one scope', { rules: [rules.rules[0], rules.rules[0]] }],
    ['an infinite threshold', { rules: [{ ...rules.rules[0], value: Number.POSITIVE_INFINITY }] }],
    ['a bad merchant scope', { rules: [{ ...rules.rules[0], merchantId: 'nope' }] }],
  ])('refuses %s', (_name, input) => {
    expect(ZRuleSet.safeParse(input).success).toBe(false);
  });
});

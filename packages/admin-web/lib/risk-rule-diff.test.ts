import { describe, expect, it } from 'vitest';
import { ZRuleSet } from '../../server/src/domains/risk/rules.js';
import { diffRuleSets } from './risk-rule-diff';
import {
  formFieldOf,
  formToRuleSet,
  type RuleSet,
  ruleSetToForm,
  ZRuleSetForm,
} from './risk-rules';

const MERCHANT = 'mch_1111111111111111111111';

/** A rule set as the server stores it (its own schema fills the defaults). */
const live: RuleSet = ZRuleSet.parse({
  rules: [
    {
      id: 'big_amount',
      feature: 'amount',
      op: 'gt',
      value: 500_000,
      action: 'review',
      reason: 'large_amount',
    },
    {
      id: 'many_cards',
      feature: 'shopper_distinct_cards_24h',
      op: 'gte',
      value: 3,
      action: 'reject',
      reason: 'card_testing',
      methods: ['provider'],
    },
  ],
  lists: [{ list: 'block', kind: 'ip', value: '203.0.113.9', reason: 'abuse' }],
});

describe('diffRuleSets', () => {
  it('finds no change between a rule set and itself, nor after a round trip through the form', () => {
    expect(diffRuleSets(live, live).empty).toBe(true);
    expect(diffRuleSets(live, formToRuleSet(ruleSetToForm(live)))).toMatchObject({
      empty: true,
      rulesChanged: [],
    });
  });

  it('ignores the order of rules and of their methods', () => {
    const [a, b] = live.rules;
    if (!a || !b) throw new Error('fixture');
    expect(diffRuleSets(live, { ...live, rules: [b, a] }).empty).toBe(true);
    const both = { ...a, methods: ['provider', 'wallet'] as ('wallet' | 'provider')[] };
    const { methods: _, ...omitted } = a;
    expect(diffRuleSets({ ...live, rules: [both] }, { ...live, rules: [omitted] }).empty).toBe(
      true,
    );
  });

  it('lists a new rule as added, a missing one as removed, and an edited one field by field', () => {
    const draft = ruleSetToForm(live);
    draft.rules[0] = { ...(draft.rules[0] as (typeof draft.rules)[number]), value: 900_000 };
    draft.rules[0].action = 'reject';
    draft.rules.splice(1, 1);
    draft.rules.push({
      id: 'huge_amount',
      feature: 'amount',
      op: 'gte',
      value: 99_999_999,
      action: 'review',
      reason: 'huge_amount',
      merchantId: MERCHANT,
      methods: ['wallet'],
      enabled: true,
    });
    const diff = diffRuleSets(live, formToRuleSet(draft));
    expect(diff.empty).toBe(false);
    expect(diff.rulesAdded.map((r) => [r.id, r.merchantId, r.methods])).toEqual([
      ['huge_amount', MERCHANT, ['wallet']],
    ]);
    expect(diff.rulesRemoved.map((r) => r.id)).toEqual(['many_cards']);
    expect(diff.rulesChanged).toHaveLength(1);
    expect(diff.rulesChanged[0]?.changes).toEqual([
      { field: 'value', from: 500_000, to: 900_000 },
      { field: 'action', from: 'review', to: 'reject' },
    ]);
  });

  it('treats a rule with the same id for one merchant as a separate rule (an override)', () => {
    const [a] = live.rules;
    if (!a) throw new Error('fixture');
    const override = { ...a, merchantId: MERCHANT, enabled: false };
    const diff = diffRuleSets(live, { ...live, rules: [...live.rules, override] });
    expect(diff.rulesAdded).toEqual([override]);
    expect(diff.rulesChanged).toEqual([]);
  });

  it('reports list entries added and removed, and each changed policy field old → new', () => {
    const draft = {
      ...live,
      lists: [{ list: 'allow', kind: 'shopper', value: 'usr_x', reason: 'vip', merchantId: null }],
      fallback: { ...live.fallback, allowUpTo: 5_000 },
      merchant: { ...live.merchant, maxRefundRatio: 0.1, minAttempts: 40 },
    } satisfies RuleSet;
    const diff = diffRuleSets(live, draft);
    expect(diff.listsAdded.map((e) => e.value)).toEqual(['usr_x']);
    expect(diff.listsRemoved.map((e) => e.value)).toEqual(['203.0.113.9']);
    expect(diff.fallback).toEqual([{ field: 'allowUpTo', from: 100_000, to: 5_000 }]);
    expect(diff.merchant).toEqual([
      { field: 'maxRefundRatio', from: 0.2, to: 0.1 },
      { field: 'minAttempts', from: 20, to: 40 },
    ]);
  });
});

describe('ZRuleSetForm', () => {
  it('accepts the live rules as the form shows them, and what it sends passes the server schema', () => {
    const values = ruleSetToForm(live);
    expect(ZRuleSetForm.safeParse(values).success).toBe(true);
    expect(ZRuleSet.parse(formToRuleSet(values))).toEqual(live);
  });

  it('puts each mistake on its own field, with words for a person', () => {
    const values = ruleSetToForm(live);
    const [first] = values.rules;
    if (!first) throw new Error('fixture');
    values.rules.push({ ...first, value: Number.NaN, methods: [], reason: 'Bad Reason' });
    values.fallback.allowUpTo = 12.5;
    const result = ZRuleSetForm.safeParse(values);
    expect(result.success).toBe(false);
    const issues = Object.fromEntries(
      (result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]),
    );
    expect(issues).toEqual({
      'rules.2.value': 'Enter a number.',
      'rules.2.reason': expect.stringContaining('A reason code'),
      'rules.2.methods': 'Tick at least one method.',
      'fallback.allowUpTo': 'A whole number of minor units.',
    });
  });

  it('refuses a rule id used twice in one scope, on the second rule', () => {
    const values = ruleSetToForm(live);
    const [first] = values.rules;
    if (!first) throw new Error('fixture');
    values.rules.push({ ...first }, { ...first, merchantId: MERCHANT });
    const result = ZRuleSetForm.safeParse(values);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['rules.2.id', 'Another rule for every merchant has this id.'],
    ]);
  });
});

describe('formFieldOf', () => {
  it('maps the field a server error names onto the form field, when the form has it', () => {
    const values = ruleSetToForm(live);
    expect(formFieldOf('ruleSet.rules.1.value', values)).toBe('rules.1.value');
    expect(formFieldOf('ruleSet.rules.0.methods.0', values)).toBe('rules.0.methods');
    expect(formFieldOf('ruleSet.lists.0.reason', values)).toBe('lists.0.reason');
    expect(formFieldOf('ruleSet.merchant.spikeFactor', values)).toBe('merchant.spikeFactor');
    // The whole set, a row the form does not have, or not a rule set field at all: the top.
    expect(formFieldOf('ruleSet.rules', values)).toBeUndefined();
    expect(formFieldOf('ruleSet.rules.7.value', values)).toBeUndefined();
    expect(formFieldOf('baseVersion', values)).toBeUndefined();
    expect(formFieldOf(undefined, values)).toBeUndefined();
  });
});

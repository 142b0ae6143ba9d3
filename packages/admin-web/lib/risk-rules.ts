import {
  FEATURE_NAMES,
  type FeatureName,
  RISK_ACTIONS,
  RISK_CODE_PATTERN,
  RISK_FALLBACK_ACTIONS,
  RISK_FEATURES,
  RISK_LIST_KINDS,
  RISK_LISTS,
  RISK_METHODS,
  RISK_RULE_OPS,
  type RiskAction,
  type RiskListKind,
  type RiskMethod,
  type RiskRuleOp,
} from '@ducat/server/constants';
import { z } from 'zod';
import type { ApiOutputs } from './api-types';
import { ZMerchantId } from './params';

/** A rule set as the API returns it (every default filled in). */
export type RuleSet = ApiOutputs['admin']['risk']['rules']['get']['ruleSet'];
export type RiskRule = RuleSet['rules'][number];
export type ListEntry = RuleSet['lists'][number];

const code = (what: string) =>
  z
    .string()
    .trim()
    .regex(
      RISK_CODE_PATTERN,
      `${what}: 2 to 60 lower case letters, digits or _, starting with a letter.`,
    );

// Empty: every merchant. The form keeps '' where the API keeps null.
const ZScope = z
  .string()
  .trim()
  .refine((v) => v === '' || ZMerchantId.safeParse(v).success, 'A merchant id (mch_…) or empty.');

const number = () => z.number({ error: 'Enter a number.' });
const ratio = () => number().min(0, 'From 0 to 1.').max(1, 'From 0 to 1.');

const ZRuleForm = z.object({
  id: code('A rule id'),
  feature: z.enum(FEATURE_NAMES),
  op: z.enum(RISK_RULE_OPS),
  value: number(),
  action: z.enum(RISK_ACTIONS),
  reason: code('A reason code'),
  merchantId: ZScope,
  // Both ticked is the API's "every method" (the field left out).
  methods: z.array(z.enum(RISK_METHODS)).min(1, 'Tick at least one method.'),
  enabled: z.boolean(),
});

const ZListEntryForm = z.object({
  list: z.enum(RISK_LISTS),
  kind: z.enum(RISK_LIST_KINDS),
  value: z.string().trim().min(1, 'Enter a value.').max(200, 'At most 200 characters.'),
  reason: code('A reason code'),
  merchantId: ZScope,
});

/**
 * The rule set editor's values, checked in the browser with messages written for the form. The
 * same limits as the server's `ZRuleSet` (domains/risk/rules.ts), which checks again on dry run
 * and publish: these only put the error next to its field before a request.
 */
export const ZRuleSetForm = z
  .object({
    rules: z.array(ZRuleForm).max(500, 'At most 500 rules.'),
    lists: z.array(ZListEntryForm).max(10_000, 'At most 10,000 list entries.'),
    fallback: z.object({
      allowUpTo: number().int('A whole number of minor units.').min(0, 'Zero or more.'),
      action: z.enum(RISK_FALLBACK_ACTIONS),
    }),
    merchant: z.object({
      maxRefundRatio: ratio(),
      maxFailureRatio: ratio(),
      maxDeclineRatio: ratio(),
      spikeFactor: number().min(1, 'At least 1.'),
      minAttempts: number().int('A whole number.').min(1, 'At least 1.'),
    }),
  })
  .superRefine((values, ctx) => {
    const seen = new Set<string>();
    values.rules.forEach((rule, index) => {
      const key = `${rule.id.trim()}/${rule.merchantId.trim()}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'id'],
          message: rule.merchantId.trim()
            ? 'Another rule for this merchant has this id.'
            : 'Another rule for every merchant has this id.',
        });
      }
      seen.add(key);
    });
  });
export type RuleSetForm = z.input<typeof ZRuleSetForm>;
export type RuleForm = RuleSetForm['rules'][number];
export type ListEntryForm = RuleSetForm['lists'][number];

/** The live rules as the form's values. */
export function ruleSetToForm(ruleSet: RuleSet): RuleSetForm {
  return {
    rules: ruleSet.rules.map((r) => ({
      id: r.id,
      feature: r.feature,
      op: r.op,
      value: r.value,
      action: r.action,
      reason: r.reason,
      merchantId: r.merchantId ?? '',
      methods: [...(r.methods ?? RISK_METHODS)],
      enabled: r.enabled,
    })),
    lists: ruleSet.lists.map((e) => ({ ...e, merchantId: e.merchantId ?? '' })),
    fallback: { ...ruleSet.fallback },
    merchant: { ...ruleSet.merchant },
  };
}

/**
 * The form's values as the rule set the API takes (what dry run and publish send, and what the
 * diff compares). Works on values not yet valid too, so the diff follows every keystroke.
 */
export function formToRuleSet(values: RuleSetForm): RuleSet {
  return {
    rules: values.rules.map((r) => {
      const methods = RISK_METHODS.filter((m) => r.methods.includes(m));
      return {
        id: r.id.trim(),
        feature: r.feature,
        op: r.op,
        value: r.value,
        action: r.action,
        reason: r.reason.trim(),
        merchantId: r.merchantId.trim() || null,
        ...(methods.length === RISK_METHODS.length ? {} : { methods }),
        enabled: r.enabled,
      };
    }),
    lists: values.lists.map((e) => ({
      list: e.list,
      kind: e.kind,
      value: e.value.trim(),
      reason: e.reason.trim(),
      merchantId: e.merchantId.trim() || null,
    })),
    fallback: { ...values.fallback },
    merchant: { ...values.merchant },
  };
}

/** A new rule's values: a review above an amount, for every merchant and method. */
export function newRule(): RuleForm {
  return {
    id: '',
    feature: 'amount',
    op: 'gt',
    value: 0,
    action: 'review',
    reason: '',
    merchantId: '',
    methods: [...RISK_METHODS],
    enabled: true,
  };
}

export function newListEntry(): ListEntryForm {
  return { list: 'block', kind: 'shopper', value: '', reason: '', merchantId: '' };
}

/** The operators as shown (a symbol) and as read aloud (words). */
export const OP_LABELS: Record<RiskRuleOp, { symbol: string; words: string }> = {
  gt: { symbol: '>', words: 'greater than' },
  gte: { symbol: '≥', words: 'at least' },
  lt: { symbol: '<', words: 'less than' },
  lte: { symbol: '≤', words: 'at most' },
  eq: { symbol: '=', words: 'equal to' },
};

/** An action as a choice in the form, and as what happened to a payment (in a sentence). */
export const ACTION_LABELS: Record<RiskAction, { choice: string; outcome: string }> = {
  allow: { choice: 'Allow', outcome: 'allowed' },
  review: { choice: 'Hold for review', outcome: 'held for review' },
  reject: { choice: 'Reject', outcome: 'rejected' },
};

export const METHOD_LABELS: Record<RiskMethod, string> = {
  wallet: 'Wallet',
  provider: 'Card at a provider',
};

export const LIST_KIND_LABELS: Record<RiskListKind, string> = {
  shopper: 'Shopper id',
  email_domain: 'Email domain',
  ip: 'IP address',
  card: 'Card fingerprint',
};

const WINDOW_WORDS: Record<string, string> = {
  '1h': 'last hour',
  '24h': 'last 24 h',
  '7d': 'last 7 days',
};

/** A feature's name in words: `shopper_attempts_1h` → "Shopper attempts, last hour". */
export function featureLabel(feature: FeatureName): string {
  const [, stem = feature, window] = /^(.*?)(?:_(1h|24h|7d))?$/.exec(feature) ?? [];
  const words = stem
    .replace(/_days$/, ' (days)')
    .replaceAll('_', ' ')
    .replace(/\bip\b/, 'IP')
    .replace(/\bvs\b/, 'vs.');
  const text = `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
  return window ? `${text}, ${WINDOW_WORDS[window]}` : text;
}

const UNIT_HELP: Record<(typeof RISK_FEATURES)[FeatureName], string> = {
  amount: 'In minor units of the payment’s currency (10000 = 100.00 EUR).',
  count: 'A number of payment attempts or events.',
  ratio: 'A ratio from 0 to 1 (0.2 = 20 %).',
  days: 'An age in days.',
  flag: '1 for yes, 0 for no.',
  factor: 'A multiple of the shopper’s usual amount (3 = three times).',
};

/** What a feature's value means (its unit), for the field's description. */
export function featureUnitHelp(feature: FeatureName): string {
  return UNIT_HELP[RISK_FEATURES[feature]];
}

const RULE_FIELD =
  /^rules\.(\d+)\.(id|feature|op|value|action|reason|merchantId|methods|enabled)(?:\.\d+)?$/;
const LIST_FIELD = /^lists\.(\d+)\.(list|kind|value|reason|merchantId)$/;
const POLICY_FIELD =
  /^(fallback\.(allowUpTo|action)|merchant\.(maxRefundRatio|maxFailureRatio|maxDeclineRatio|spikeFactor|minAttempts))$/;

/**
 * The form field a server's `validation_failed` names (`ruleSet.rules.2.value` → `rules.2.value`),
 * when the form has it; undefined when the error is about the whole set (shown at the top).
 */
export function formFieldOf(
  serverField: string | undefined,
  values: RuleSetForm,
):
  | `rules.${number}.${keyof RuleForm}`
  | `lists.${number}.${keyof ListEntryForm}`
  | `fallback.${keyof RuleSetForm['fallback']}`
  | `merchant.${keyof RuleSetForm['merchant']}`
  | undefined {
  const path = serverField?.startsWith('ruleSet.') ? serverField.slice('ruleSet.'.length) : '';
  const rule = RULE_FIELD.exec(path);
  if (rule) {
    const index = Number(rule[1]);
    return index < values.rules.length ? `rules.${index}.${rule[2] as keyof RuleForm}` : undefined;
  }
  const entry = LIST_FIELD.exec(path);
  if (entry) {
    const index = Number(entry[1]);
    return index < values.lists.length
      ? `lists.${index}.${entry[2] as keyof ListEntryForm}`
      : undefined;
  }
  return POLICY_FIELD.test(path)
    ? (path as
        | `fallback.${keyof RuleSetForm['fallback']}`
        | `merchant.${keyof RuleSetForm['merchant']}`)
    : undefined;
}

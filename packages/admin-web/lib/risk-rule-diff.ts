import { RISK_METHODS } from '@ducat/server/constants';
import type { ListEntry, RiskRule, RuleSet } from './risk-rules';

type RuleField = 'feature' | 'op' | 'value' | 'action' | 'reason' | 'methods' | 'enabled';
const RULE_FIELDS: readonly RuleField[] = [
  'feature',
  'op',
  'value',
  'action',
  'reason',
  'methods',
  'enabled',
];

/** One field that differs: its name and both values as the API holds them. */
export type FieldChange<F extends string = string> = { field: F; from: unknown; to: unknown };

export type RuleSetDiff = {
  /** Rules are matched by id and scope (global or one merchant); their order does not count. */
  rulesAdded: RiskRule[];
  rulesRemoved: RiskRule[];
  rulesChanged: { before: RiskRule; after: RiskRule; changes: FieldChange<RuleField>[] }[];
  listsAdded: ListEntry[];
  listsRemoved: ListEntry[];
  fallback: FieldChange<keyof RuleSet['fallback']>[];
  merchant: FieldChange<keyof RuleSet['merchant']>[];
  /** Nothing differs: publishing would only repeat the live version. */
  empty: boolean;
};

const ruleKey = (r: RiskRule) => `${r.id}/${r.merchantId ?? ''}`;
const entryKey = (e: ListEntry) =>
  JSON.stringify([e.list, e.kind, e.value, e.reason, e.merchantId ?? null]);

// No `methods` means every method, as does a list of all of them; their order does not count.
function methodsOf(rule: RiskRule): string {
  const methods = new Set(rule.methods ?? RISK_METHODS);
  return RISK_METHODS.filter((m) => methods.has(m)).join(',');
}

function ruleChanges(before: RiskRule, after: RiskRule): FieldChange<RuleField>[] {
  return RULE_FIELDS.flatMap((field) => {
    const same =
      field === 'methods'
        ? methodsOf(before) === methodsOf(after)
        : Object.is(before[field], after[field]);
    return same ? [] : [{ field, from: before[field], to: after[field] }];
  });
}

function fieldChanges<T extends Record<string, unknown>>(
  before: T,
  after: T,
): FieldChange<Extract<keyof T, string>>[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])] as Extract<
    keyof T,
    string
  >[];
  return fields.flatMap((field) =>
    Object.is(before[field], after[field])
      ? []
      : [{ field, from: before[field], to: after[field] }],
  );
}

/**
 * What publishing `after` would change against the live `before`: rules added, removed and
 * changed (field by field, old → new), list entries added and removed, and the fields of the
 * default policy and of the merchant policy that differ.
 *
 * @example
 * const diff = diffRuleSets(live.ruleSet, draft);
 * if (diff.empty) show('No changes');
 */
export function diffRuleSets(before: RuleSet, after: RuleSet): RuleSetDiff {
  const oldRules = new Map(before.rules.map((r) => [ruleKey(r), r]));
  const newRules = new Map(after.rules.map((r) => [ruleKey(r), r]));
  const rulesChanged: RuleSetDiff['rulesChanged'] = [];
  for (const [key, rule] of newRules) {
    const old = oldRules.get(key);
    const changes = old ? ruleChanges(old, rule) : [];
    if (old && changes.length > 0) rulesChanged.push({ before: old, after: rule, changes });
  }
  const oldEntries = new Set(before.lists.map(entryKey));
  const newEntries = new Set(after.lists.map(entryKey));
  const diff = {
    rulesAdded: after.rules.filter((r) => !oldRules.has(ruleKey(r))),
    rulesRemoved: before.rules.filter((r) => !newRules.has(ruleKey(r))),
    rulesChanged,
    listsAdded: after.lists.filter((e) => !oldEntries.has(entryKey(e))),
    listsRemoved: before.lists.filter((e) => !newEntries.has(entryKey(e))),
    fallback: fieldChanges(before.fallback, after.fallback),
    merchant: fieldChanges(before.merchant, after.merchant),
  };
  const empty = Object.values(diff).every((part) => part.length === 0);
  return { ...diff, empty };
}

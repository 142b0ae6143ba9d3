/**
 * Risk features: per entity (a shopper, a merchant, an IP address, a merchant-shopper pair), a
 * small state folded from the event stream, and the feature vector the decision reads from it.
 *
 * The fold is a pure function of the events and their times (never the wall clock), so replaying
 * the same events from nothing rebuilds the same state, and it is insensitive to the order of
 * events: counters add, "last seen" takes the later time, and old buckets are pruned relative to
 * the latest event seen, not to now.
 */

import type { FeatureName } from '../../constants.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Sliding windows as rings of fixed buckets: constant work to read, constant space to keep. */
const RINGS = {
  m5: { size: 5 * MINUTE, count: 12 }, // 1 h
  h1: { size: HOUR, count: 24 }, // 24 h
  h6: { size: 6 * HOUR, count: 28 }, // 7 d
} as const;
type Ring = keyof typeof RINGS;
export const WINDOWS = { '1h': 'm5', '24h': 'h1', '7d': 'h6' } as const satisfies Record<
  string,
  Ring
>;
export type Window = keyof typeof WINDOWS;

/** Distinct IPs and cards are remembered this long (the longest window). */
const DISTINCT_RETENTION_MS = 7 * DAY;
/** At most this many distinct values per entity; the least recently seen go first. */
const DISTINCT_MAX = 50;

/** What is counted: one decision asked (`attempts`), and the outcomes of orders. */
export type Metric = 'attempts' | 'successes' | 'failures' | 'declines' | 'refunds';

export type FeatureState = {
  /** Time of the latest event folded in (ms). */
  last: number;
  /** Time of the earliest event folded in (ms). */
  first: number;
  /** Lifetime counts per metric. */
  n: Partial<Record<Metric, number>>;
  /** Bucketed counts and amounts: `<metric>` or `amount:<currency>` -> ring -> bucket -> value. */
  win: Record<string, Partial<Record<Ring, Record<string, number>>>>;
  /** Successful payment amounts per currency: how much this entity usually pays. */
  usual?: Record<string, { n: number; sum: number }>;
  ips?: Record<string, number>;
  cards?: Record<string, number>;
  /** Shopper facts that do not come from events (filled once from the user record). */
  profile?: { createdAt: number; emailDomain: string };
};

export function emptyState(at: number): FeatureState {
  return { last: at, first: at, n: {}, win: {} };
}

/** One thing that happened, as the feature store sees it. */
export type RiskFact =
  | {
      kind: 'attempt';
      at: number;
      merchantId: string;
      shopperId: string | null;
      ip: string;
      card: string | null;
      amount: number;
      currency: string;
    }
  | {
      kind: 'outcome';
      at: number;
      merchantId: string;
      shopperId: string | null;
      outcome: 'success' | 'failure' | 'decline' | 'refund';
      amount: number;
      currency: string;
    };

export const entityKeys = {
  shopper: (id: string) => `shopper:${id}`,
  merchant: (id: string) => `merchant:${id}`,
  ip: (ip: string) => `ip:${ip}`,
  pair: (merchantId: string, shopperId: string) => `pair:${merchantId}:${shopperId}`,
};

function bucketOf(at: number, ring: Ring): number {
  return Math.floor(at / RINGS[ring].size);
}

function addToRings(state: FeatureState, series: string, value: number, at: number): void {
  for (const ring of Object.keys(RINGS) as Ring[]) {
    const oldest = bucketOf(state.last, ring) - RINGS[ring].count + 1;
    const bucket = bucketOf(at, ring);
    if (bucket < oldest) continue;
    const rings = state.win[series] ?? {};
    state.win[series] = rings;
    const buckets = rings[ring] ?? {};
    rings[ring] = buckets;
    buckets[bucket] = (buckets[bucket] ?? 0) + value;
  }
}

function prune(state: FeatureState): void {
  for (const [series, rings] of Object.entries(state.win)) {
    for (const ring of Object.keys(rings) as Ring[]) {
      const buckets = rings[ring];
      if (!buckets) continue;
      const oldest = bucketOf(state.last, ring) - RINGS[ring].count + 1;
      for (const key of Object.keys(buckets)) {
        if (Number(key) < oldest) delete buckets[key];
      }
      // Empty containers go too, so equal histories give byte-equal states.
      if (Object.keys(buckets).length === 0) delete rings[ring];
    }
    if (Object.keys(rings).length === 0) delete state.win[series];
  }
  for (const field of ['ips', 'cards'] as const) {
    const seen = state[field];
    if (!seen) continue;
    const entries = Object.entries(seen)
      .filter(([, at]) => at >= state.last - DISTINCT_RETENTION_MS)
      // Ties broken by value, so the kept set does not depend on arrival order.
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, DISTINCT_MAX);
    state[field] = Object.fromEntries(entries);
  }
}

function count(state: FeatureState, metric: Metric, at: number): void {
  state.n[metric] = (state.n[metric] ?? 0) + 1;
  addToRings(state, metric, 1, at);
}

function see(state: FeatureState, field: 'ips' | 'cards', value: string, at: number): void {
  const seen = state[field] ?? {};
  state[field] = seen;
  seen[value] = Math.max(seen[value] ?? 0, at);
}

const OUTCOME_METRIC = {
  success: 'successes',
  failure: 'failures',
  decline: 'declines',
  refund: 'refunds',
} as const satisfies Record<string, Metric>;

/** The entities a fact changes. */
export function entitiesOf(fact: RiskFact): string[] {
  const keys = [entityKeys.merchant(fact.merchantId)];
  if (fact.shopperId) keys.push(entityKeys.shopper(fact.shopperId));
  if (fact.kind === 'attempt') keys.push(entityKeys.ip(fact.ip));
  if (fact.kind === 'outcome' && fact.outcome === 'success' && fact.shopperId) {
    keys.push(entityKeys.pair(fact.merchantId, fact.shopperId));
  }
  return keys;
}

/**
 * Folds one fact into one entity's state (a new object; the input is not changed). The entity
 * must be one of `entitiesOf(fact)`.
 */
export function applyFact(
  entity: string,
  previous: FeatureState | undefined,
  fact: RiskFact,
): FeatureState {
  return applyFactInPlace(entity, previous ? structuredClone(previous) : undefined, fact);
}

/**
 * The same fold, changing `state` itself: for callers that own the object (a state just parsed
 * from a row, a rebuild), where a copy per event would cost more than the fold.
 */
export function applyFactInPlace(
  entity: string,
  existing: FeatureState | undefined,
  fact: RiskFact,
): FeatureState {
  const state = existing ?? emptyState(fact.at);
  state.last = Math.max(state.last, fact.at);
  state.first = Math.min(state.first, fact.at);
  const kind = entity.slice(0, entity.indexOf(':'));
  if (fact.kind === 'attempt') {
    count(state, 'attempts', fact.at);
    if (kind !== 'ip') addToRings(state, `amount:${fact.currency}`, fact.amount, fact.at);
    if (kind === 'shopper') {
      see(state, 'ips', fact.ip, fact.at);
      if (fact.card) see(state, 'cards', fact.card, fact.at);
    }
  } else {
    count(state, OUTCOME_METRIC[fact.outcome], fact.at);
    if (fact.outcome === 'success' && kind !== 'pair') {
      const usual = state.usual ?? {};
      state.usual = usual;
      const current = usual[fact.currency] ?? { n: 0, sum: 0 };
      usual[fact.currency] = { n: current.n + 1, sum: current.sum + fact.amount };
    }
  }
  prune(state);
  return state;
}

/** The value of a bucketed series over a window ending at `now`. */
export function windowSum(
  state: FeatureState | undefined,
  series: string,
  window: Window,
  now: number,
): number {
  const ring = WINDOWS[window];
  const buckets = state?.win[series]?.[ring];
  if (!buckets) return 0;
  const oldest = bucketOf(now, ring) - RINGS[ring].count + 1;
  const newest = bucketOf(now, ring);
  let total = 0;
  // for…in rather than Object.entries: no array per call on the decision's hot path.
  for (const key in buckets) {
    const bucket = Number(key);
    if (bucket >= oldest && bucket <= newest) total += buckets[key] ?? 0;
  }
  return total;
}

function distinctSince(seen: Record<string, number> | undefined, since: number): number {
  if (!seen) return 0;
  let n = 0;
  for (const key in seen) if ((seen[key] ?? 0) >= since) n++;
  return n;
}

function ratio(part: number | undefined, whole: number | undefined): number {
  return whole ? (part ?? 0) / whole : 0;
}

// Defined with their units in the constants the web apps import (one list, not a copy).
export { FEATURE_NAMES, type FeatureName } from '../../constants.js';

export type FeatureVector = Record<FeatureName, number>;

/**
 * The feature vector of one checkout from the states read at decision time. Missing states are
 * an entity without history (all zeros; `shopper_known` 0, `first_time_pair` 1).
 * `amount_vs_usual` is 0 when the shopper has no successful payment in this currency yet.
 */
export function featureVector(options: {
  amount: number;
  currency: string;
  now: number;
  shopper: FeatureState | undefined;
  merchant: FeatureState | undefined;
  ip: FeatureState | undefined;
  pair: FeatureState | undefined;
  merchantFlagged: boolean;
}): FeatureVector {
  const { amount, currency, now, shopper, merchant, ip, pair } = options;
  const usual = shopper?.usual?.[currency];
  const born = shopper?.profile?.createdAt ?? shopper?.first;
  return {
    amount,
    shopper_known: shopper ? 1 : 0,
    shopper_attempts_1h: windowSum(shopper, 'attempts', '1h', now),
    shopper_attempts_24h: windowSum(shopper, 'attempts', '24h', now),
    shopper_attempts_7d: windowSum(shopper, 'attempts', '7d', now),
    shopper_amount_1h: windowSum(shopper, `amount:${currency}`, '1h', now),
    shopper_amount_24h: windowSum(shopper, `amount:${currency}`, '24h', now),
    shopper_amount_7d: windowSum(shopper, `amount:${currency}`, '7d', now),
    shopper_successes_24h: windowSum(shopper, 'successes', '24h', now),
    shopper_failure_ratio: ratio(shopper?.n.failures, shopper?.n.attempts),
    shopper_decline_ratio: ratio(shopper?.n.declines, shopper?.n.attempts),
    shopper_refund_ratio: ratio(shopper?.n.refunds, shopper?.n.successes),
    shopper_account_age_days: born === undefined ? 0 : Math.max(0, (now - born) / DAY),
    shopper_distinct_ips_24h: distinctSince(shopper?.ips, now - DAY),
    shopper_distinct_cards_24h: distinctSince(shopper?.cards, now - DAY),
    first_time_pair: (pair?.n.successes ?? 0) > 0 ? 0 : 1,
    amount_vs_usual: usual && usual.n > 0 && usual.sum > 0 ? amount / (usual.sum / usual.n) : 0,
    ip_attempts_1h: windowSum(ip, 'attempts', '1h', now),
    ip_attempts_24h: windowSum(ip, 'attempts', '24h', now),
    merchant_attempts_1h: windowSum(merchant, 'attempts', '1h', now),
    merchant_attempts_24h: windowSum(merchant, 'attempts', '24h', now),
    merchant_amount_24h: windowSum(merchant, `amount:${currency}`, '24h', now),
    merchant_failure_ratio: ratio(merchant?.n.failures, merchant?.n.attempts),
    merchant_refund_ratio: ratio(merchant?.n.refunds, merchant?.n.successes),
    merchant_flagged: options.merchantFlagged ? 1 : 0,
  };
}

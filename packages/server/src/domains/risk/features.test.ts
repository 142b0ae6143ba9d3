import { describe, expect, it } from 'vitest';
import {
  applyFact,
  entitiesOf,
  entityKeys,
  type FeatureState,
  featureVector,
  type RiskFact,
} from './features.js';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const attempt = (at: number, overrides: Partial<RiskFact> = {}): RiskFact =>
  ({
    kind: 'attempt',
    at,
    merchantId: 'mch_m',
    shopperId: 'usr_s',
    ip: '10.0.0.1',
    card: null,
    amount: 1_000,
    currency: 'EUR',
    ...overrides,
  }) as RiskFact;

const outcome = (
  at: number,
  kind: 'success' | 'failure' | 'decline' | 'refund',
  amount = 1_000,
): RiskFact => ({
  kind: 'outcome',
  at,
  merchantId: 'mch_m',
  shopperId: 'usr_s',
  outcome: kind,
  amount,
  currency: 'EUR',
});

function fold(facts: RiskFact[]): Map<string, FeatureState> {
  const states = new Map<string, FeatureState>();
  for (const fact of facts) {
    for (const entity of entitiesOf(fact)) {
      states.set(entity, applyFact(entity, states.get(entity), fact));
    }
  }
  return states;
}

function vectorAt(states: Map<string, FeatureState>, now: number, amount = 1_000) {
  return featureVector({
    amount,
    currency: 'EUR',
    now,
    shopper: states.get(entityKeys.shopper('usr_s')),
    merchant: states.get(entityKeys.merchant('mch_m')),
    ip: states.get(entityKeys.ip('10.0.0.1')),
    pair: states.get(entityKeys.pair('mch_m', 'usr_s')),
    merchantFlagged: false,
  });
}

describe('features', () => {
  it('counts attempts and amounts over 1 h, 24 h and 7 d windows that slide with time', () => {
    const states = fold([
      attempt(T0 - 3 * DAY),
      attempt(T0 - 5 * HOUR, { amount: 2_000 }),
      attempt(T0 - 10 * MIN, { amount: 3_000 }),
      attempt(T0 - 1 * MIN, { amount: 4_000 }),
    ]);
    const v = vectorAt(states, T0);
    expect([v.shopper_attempts_1h, v.shopper_attempts_24h, v.shopper_attempts_7d]).toEqual([
      2, 3, 4,
    ]);
    expect([v.shopper_amount_1h, v.shopper_amount_24h, v.shopper_amount_7d]).toEqual([
      7_000, 9_000, 10_000,
    ]);
    expect(v.ip_attempts_1h).toBe(2);
    expect(v.merchant_attempts_24h).toBe(3);
    // Two hours later the last hour is empty; eight days later everything has left the windows.
    expect(vectorAt(states, T0 + 2 * HOUR).shopper_attempts_1h).toBe(0);
    expect(vectorAt(states, T0 + 8 * DAY).shopper_attempts_7d).toBe(0);
  });

  it('derives ratios, the usual amount, the first-time pair and distinct IPs and cards', () => {
    const fresh = vectorAt(fold([attempt(T0 - HOUR)]), T0);
    expect(fresh.first_time_pair).toBe(1);
    expect(fresh.amount_vs_usual).toBe(0);

    const states = fold([
      attempt(T0 - 4 * HOUR, { ip: '10.0.0.2', card: 'fp_a' } as Partial<RiskFact>),
      outcome(T0 - 4 * HOUR, 'success', 1_000),
      attempt(T0 - 3 * HOUR, { card: 'fp_b' } as Partial<RiskFact>),
      outcome(T0 - 3 * HOUR, 'success', 3_000),
      attempt(T0 - 2 * HOUR),
      outcome(T0 - 2 * HOUR, 'failure'),
      attempt(T0 - HOUR),
      outcome(T0 - HOUR, 'decline'),
      outcome(T0 - 30 * MIN, 'refund'),
    ]);
    const v = vectorAt(states, T0, 20_000);
    expect(v.shopper_failure_ratio).toBe(1 / 4);
    expect(v.shopper_decline_ratio).toBe(1 / 4);
    expect(v.shopper_refund_ratio).toBe(1 / 2);
    expect(v.first_time_pair).toBe(0);
    expect(v.amount_vs_usual).toBe(10); // usual = (1,000 + 3,000) / 2
    expect(v.shopper_distinct_ips_24h).toBe(2);
    expect(v.shopper_distinct_cards_24h).toBe(2);
    expect(v.shopper_successes_24h).toBe(2);
    expect(v.merchant_refund_ratio).toBe(1 / 2);
    expect(v.shopper_account_age_days).toBeCloseTo(4 / 24, 5);
  });

  it('gives the same state whatever order the events arrive in', () => {
    const facts = [
      attempt(T0 - 6 * DAY),
      attempt(T0 - 2 * DAY, { ip: '10.0.0.9' } as Partial<RiskFact>),
      outcome(T0 - 2 * DAY, 'success'),
      attempt(T0 - 10 * MIN),
      outcome(T0 - 5 * MIN, 'refund'),
      attempt(T0 - 9 * DAY), // older than every window when it arrives last
    ];
    const forward = fold(facts);
    const backward = fold([...facts].reverse());
    const shuffled = fold([
      facts[3],
      facts[0],
      facts[5],
      facts[1],
      facts[4],
      facts[2],
    ] as RiskFact[]);
    for (const entity of forward.keys()) {
      expect(vectorAt(backward, T0)).toEqual(vectorAt(forward, T0));
      expect(vectorAt(shuffled, T0)).toEqual(vectorAt(forward, T0));
      expect(backward.get(entity)?.win).toEqual(forward.get(entity)?.win);
      expect(backward.get(entity)?.n).toEqual(forward.get(entity)?.n);
    }
  });

  it('keeps its state bounded: old buckets and old distinct values are pruned', () => {
    const facts: RiskFact[] = [];
    for (let i = 0; i < 2_000; i++) {
      facts.push(
        attempt(T0 + i * 10 * MIN, { ip: `10.1.${i % 250}.${i % 7}` } as Partial<RiskFact>),
      );
    }
    const state = fold(facts).get(entityKeys.shopper('usr_s'));
    const buckets = Object.values(state?.win.attempts ?? {}).reduce(
      (n, ring) => n + Object.keys(ring ?? {}).length,
      0,
    );
    expect(buckets).toBeLessThanOrEqual(12 + 24 + 28);
    expect(Object.keys(state?.ips ?? {}).length).toBeLessThanOrEqual(50);
    expect(state?.n.attempts).toBe(2_000);
  });
});

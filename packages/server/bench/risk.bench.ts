/**
 * Risk decision benchmark: the checkout's risk decision with the features pre-computed in Redis.
 * Seeds realistic feature states (a week of history) for many shoppers, merchants and IPs, a
 * rule set of thresholds, per-merchant overrides and list entries, then measures:
 *   - `decide`: the decision itself (the pipelined Redis read, the feature vector, the rules),
 *     one at a time, which is what the checkout waits for before money moves;
 *   - `decide` with many in flight (as under checkout load, sharing one Redis connection);
 *   - `assess`: the decision and its durable record (group-committed with its outbox event).
 * One JSON line on stdout; progress on stderr.
 *
 *   pnpm bench:risk [-- --decisions 20000 --concurrency 64 --shoppers 10000]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import { createDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { riskRuleSets } from '../src/db/schema/index.js';
import { riskKeys, writeStates } from '../src/domains/risk/feature-store.js';
import {
  applyFactInPlace,
  entitiesOf,
  type FeatureState,
  type RiskFact,
} from '../src/domains/risk/features.js';
import { createDecisionRecorder } from '../src/domains/risk/record-decision.js';
import { createRiskEngine, type RiskInput } from '../src/domains/risk/risk-engine.js';
import { createRuleCache } from '../src/domains/risk/rule-store.js';
import { type RuleSetInput, ZRuleSet } from '../src/domains/risk/rules.js';
import { environmentWith, loadEnv } from '../src/env.js';
import { createLogger } from '../src/infra/logger.js';
import { createRedis, deleteKeysWithPrefix } from '../src/infra/redis.js';
import { dropDatabase } from '../src/test/harness.js';

const { values: args } = parseArgs({
  options: {
    decisions: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
    shoppers: { type: 'string', default: '10000' },
    merchants: { type: 'string', default: '100' },
    keep: { type: 'boolean', default: false },
  },
});
const DECISIONS = Number(args.decisions);
const CONCURRENCY = Number(args.concurrency);
const SHOPPERS = Number(args.shoppers);
const MERCHANTS = Number(args.merchants);
const TARGET_P99_MS = 2;

const out = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const note = (text: string) => process.stderr.write(`${text}\n`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 1000) / 1000;
}

let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

const shopperId = (i: number) => `usr_bench${String(i).padStart(17, '0')}`;
const merchantId = (i: number) => `mch_bench${String(i).padStart(17, '0')}`;
const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** A week of history for one shopper: attempts and outcomes at a few merchants. */
function history(i: number, now: number): RiskFact[] {
  const facts: RiskFact[] = [];
  const n = 5 + (i % 25);
  for (let k = 0; k < n; k++) {
    const at = now - ((k * 7 + i) % (7 * 24)) * 3_600_000 - (k % 60) * 60_000;
    const merchant = merchantId((i + k) % MERCHANTS);
    const amount = 500 + ((i * 31 + k * 17) % 20_000);
    facts.push({
      kind: 'attempt',
      at,
      merchantId: merchant,
      shopperId: shopperId(i),
      ip: ipOf(i * 3 + (k % 3)),
      card: k % 4 === 0 ? `fp_${i}_${k % 2}` : null,
      amount,
      currency: 'EUR',
    });
    facts.push({
      kind: 'outcome',
      at: at + 1_000,
      merchantId: merchant,
      shopperId: shopperId(i),
      outcome: k % 11 === 0 ? 'failure' : k % 13 === 0 ? 'refund' : 'success',
      amount,
      currency: 'EUR',
    });
  }
  return facts;
}

const RULES: RuleSetInput = {
  rules: [
    ['velocity_1h', 'shopper_attempts_1h', 'gte', 10, 'reject'],
    ['velocity_24h', 'shopper_attempts_24h', 'gte', 40, 'review'],
    ['amount_1h', 'shopper_amount_1h', 'gt', 500_000, 'review'],
    ['amount_24h', 'shopper_amount_24h', 'gt', 2_000_000, 'reject'],
    ['large_amount', 'amount', 'gt', 100_000, 'review'],
    ['unusual_amount', 'amount_vs_usual', 'gt', 8, 'review'],
    ['many_ips', 'shopper_distinct_ips_24h', 'gt', 5, 'review'],
    ['many_cards', 'shopper_distinct_cards_24h', 'gt', 3, 'reject'],
    ['failures', 'shopper_failure_ratio', 'gt', 0.5, 'review'],
    ['declines', 'shopper_decline_ratio', 'gt', 0.5, 'review'],
    ['refunds', 'shopper_refund_ratio', 'gt', 0.4, 'review'],
    ['new_account', 'shopper_account_age_days', 'lt', 0.01, 'review'],
    ['ip_velocity', 'ip_attempts_1h', 'gt', 30, 'reject'],
    ['merchant_burst', 'merchant_attempts_1h', 'gt', 100_000, 'review'],
    ['merchant_flag', 'merchant_flagged', 'eq', 1, 'review'],
  ].map(([id, feature, op, value, action]) => ({
    id: id as string,
    feature: feature as never,
    op: op as never,
    value: value as number,
    action: action as never,
    reason: id as string,
  })),
  lists: Array.from({ length: 1_000 }, (_, i) => ({
    list: i % 2 === 0 ? ('block' as const) : ('allow' as const),
    kind: (['ip', 'card', 'email_domain', 'shopper'] as const)[i % 4] ?? 'ip',
    value: `listed-${i}`,
    reason: i % 2 === 0 ? 'blocked' : 'trusted',
  })),
};

async function measure(
  concurrency: number,
  count: number,
  one: (i: number) => Promise<unknown>,
): Promise<{ p50_ms: number; p99_ms: number; max_ms: number; per_s: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await one(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    max_ms: percentile(latencies, 100),
    per_s: Math.round(count / seconds),
  };
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const base = loadEnv();
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/ducat_bench_risk_${suffix}`;
  const keyPrefix = `ducat-bench-risk:${suffix}:`;
  const env = loadEnv(
    environmentWith({ DATABASE_URL: url.toString(), REDIS_KEY_PREFIX: keyPrefix }),
  );
  note(`database ${url.pathname.slice(1)}, redis prefix ${keyPrefix}`);
  await migrateDatabase(env.DATABASE_URL);
  const database = createDatabase({ url: env.DATABASE_URL, poolSize: 8 });
  const redis = createRedis({ url: env.REDIS_URL, keyPrefix });
  const logger = createLogger({ level: 'silent' });
  try {
    const now = Date.now();
    note(`seeding features of ${SHOPPERS} shoppers, ${MERCHANTS} merchants and their IPs`);
    // Built and written a thousand shoppers at a time (their own, IP and pair states), merchants
    // at the end: the measured process keeps no copy, and its heap stays small.
    let featureStates = 0;
    let bytes = 0;
    const merchantStates = new Map<string, FeatureState>();
    const write = async (states: Map<string, FeatureState>) => {
      const all = [...states].map(([entity, state]) => ({ entity, version: 1, state }));
      for (let i = 0; i < all.length; i += 2_000) await writeStates(redis, all.slice(i, i + 2_000));
      featureStates += all.length;
      bytes += all.reduce((n, x) => n + JSON.stringify(x.state).length, 0);
    };
    for (let from = 0; from < SHOPPERS; from += 1_000) {
      const states = new Map<string, FeatureState>();
      for (let i = from; i < Math.min(SHOPPERS, from + 1_000); i++) {
        for (const fact of history(i, now)) {
          for (const entity of entitiesOf(fact)) {
            const target = entity.startsWith('merchant:') ? merchantStates : states;
            target.set(entity, applyFactInPlace(entity, target.get(entity), fact));
          }
        }
      }
      await write(states);
    }
    await write(merchantStates);
    merchantStates.clear();
    note(
      `${featureStates} feature states in Redis, ${Math.round(bytes / featureStates)} bytes on average`,
    );
    await redis.set(riskKeys.ready, String(now));
    await database.db
      .insert(riskRuleSets)
      .values({ version: 1, rules: ZRuleSet.parse(RULES), createdBy: 'bench' });
    await redis.set(riskKeys.rulesVersion, '1');

    const engine = createRiskEngine({
      redis,
      logger,
      rules: createRuleCache({ db: database.db, logger }),
      recorder: createDecisionRecorder({ db: database.db }),
    });
    const input = (i: number): RiskInput => {
      const s = (i * 7_919) % SHOPPERS;
      return {
        orderId: `ord_bench${String(i).padStart(17, '0')}`,
        merchantId: merchantId(i % MERCHANTS),
        amount: 1_000 + (i % 50_000),
        currency: 'EUR',
        method: 'wallet',
        shopperId: shopperId(s),
        ip: ipOf(s * 3),
      };
    };
    const outcomes = { allow: 0, review: 0, reject: 0 };
    // Nothing left over from the seeding may be collected during the measurements.
    (globalThis as { gc?: () => void }).gc?.();
    // The floor of this machine: one Redis GET of one feature state, one at a time.
    const floor = await measure(1, DECISIONS, (i) =>
      redis.get(riskKeys.feature(`shopper:${shopperId((i * 7_919) % SHOPPERS)}`)),
    );
    note('warm-up');
    await measure(8, 2_000, (i) => engine.decide(input(i)));
    note(`decide, one at a time: ${DECISIONS} decisions`);
    const sequential = await measure(1, DECISIONS, async (i) => {
      const decided = await engine.decide(input(i));
      outcomes[decided.verdict.decision]++;
      if (decided.fallback || decided.features === null) throw new Error('features not read');
    });
    note(`decide, ${CONCURRENCY} in flight`);
    const concurrent = await measure(CONCURRENCY, DECISIONS, (i) => engine.decide(input(i)));
    const stored = Math.min(DECISIONS, 10_000);
    note(`assess (decide + durable record), ${CONCURRENCY} in flight: ${stored} decisions`);
    const assessed = await measure(CONCURRENCY, stored, (i) => engine.assess(input(i + DECISIONS)));
    out({
      bench: 'risk',
      impl: 'decide',
      decisions: DECISIONS,
      feature_states: featureStates,
      rules: RULES.rules.length,
      list_entries: RULES.lists?.length ?? 0,
      decisions_per_s: sequential.per_s,
      p50_ms: sequential.p50_ms,
      p99_ms: sequential.p99_ms,
      max_ms: sequential.max_ms,
      outcomes,
      concurrent: { in_flight: CONCURRENCY, ...concurrent },
      assess_with_record: { in_flight: CONCURRENCY, decisions: stored, ...assessed },
      redis_get_floor: { p50_ms: floor.p50_ms, p99_ms: floor.p99_ms },
      target_p99_ms: TARGET_P99_MS,
      target_met: sequential.p99_ms < TARGET_P99_MS,
      peak_rss_mb: Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1_048_576),
    });
  } finally {
    clearInterval(rssTimer);
    await database.close();
    if (!args.keep) {
      await deleteKeysWithPrefix(redis as Redis, keyPrefix);
      await dropDatabase(env.DATABASE_URL);
    }
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  note(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});

import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { riskFeatures, users } from '../../db/schema/index.js';
import type { DucatEvent } from '../../events/catalogue.js';
import type { Subscription } from '../../infra/event-consumer.js';
import type { RedisClient } from '../../infra/redis.js';
import { orderStatusChanged } from '../orders/events.js';
import { riskDecisionMade } from './events.js';
import { writeStates } from './feature-store.js';
import { applyFactInPlace, entitiesOf, type FeatureState, type RiskFact } from './features.js';

export const RISK_FEATURES_CONSUMER = 'risk-features';
export const RISK_FEATURE_EVENT_TYPES = [riskDecisionMade.type, orderStatusChanged.type] as const;

/** What an event means to the feature store (nothing, for most events). */
export function factsOf(event: Pick<DucatEvent, 'type' | 'payload' | 'occurredAt'>): RiskFact[] {
  const at = Date.parse(event.occurredAt);
  if (event.type === riskDecisionMade.type) {
    const p = riskDecisionMade.schema.parse(event.payload);
    return [
      {
        kind: 'attempt',
        at,
        merchantId: p.merchantId,
        shopperId: p.shopperId,
        ip: p.ip,
        card: p.cardFingerprint,
        amount: p.amount,
        currency: p.currency,
      },
    ];
  }
  if (event.type === orderStatusChanged.type) {
    const p = orderStatusChanged.schema.parse(event.payload);
    const base = {
      kind: 'outcome' as const,
      at,
      merchantId: p.merchantId,
      shopperId: p.shopperId ?? null,
      amount: p.amount,
      currency: p.currency,
    };
    if (p.to === 'checkout_success') return [{ ...base, outcome: 'success' }];
    if (p.to === 'error_checkout') return [{ ...base, outcome: 'failure' }];
    if (p.to === 'reject_risk_service') return [{ ...base, outcome: 'decline' }];
    // Counted once per order: its first refund, partial or whole.
    if ((p.to === 'refunded' || p.to === 'partially_refunded') && p.from === 'checkout_success') {
      return [{ ...base, outcome: 'refund' }];
    }
  }
  return [];
}

export type ChangedState = { entity: string; version: number; state: FeatureState };

/**
 * Folds facts into the durable copy, in the caller's transaction: the touched rows are locked
 * (in key order, so two consumers never deadlock), folded, and written back with their version
 * bumped. A shopper's profile (account age, email domain) is read once from the user record.
 */
export async function applyFacts(options: { tx: Tx; facts: RiskFact[] }): Promise<ChangedState[]> {
  const { tx, facts } = options;
  const entities = [...new Set(facts.flatMap(entitiesOf))].sort();
  if (entities.length === 0) return [];
  const rows = await tx
    .select()
    .from(riskFeatures)
    .where(inArray(riskFeatures.entity, entities))
    .orderBy(riskFeatures.entity)
    .for('update');
  const current = new Map<string, { state: FeatureState; version: number }>(
    rows.map((r) => [r.entity, { state: r.state as FeatureState, version: r.version }]),
  );
  const changed = new Map<string, ChangedState>();
  for (const fact of facts) {
    for (const entity of entitiesOf(fact)) {
      const before = changed.get(entity) ?? current.get(entity);
      changed.set(entity, {
        entity,
        version: (before?.version ?? 0) + 1,
        // Each row was parsed for this transaction alone, so it may be folded in place.
        state: applyFactInPlace(entity, before?.state, fact),
      });
    }
  }
  const needProfile = [...changed.values()].filter(
    (c) => c.entity.startsWith('shopper:') && !c.state.profile,
  );
  if (needProfile.length > 0) {
    const found = await tx
      .select({ id: users.id, email: users.email, createdAt: users.createdAt })
      .from(users)
      .where(
        inArray(
          users.id,
          needProfile.map((c) => c.entity.slice('shopper:'.length)),
        ),
      );
    for (const user of found) {
      const entry = changed.get(`shopper:${user.id}`);
      if (!entry) continue;
      entry.state.profile = {
        createdAt: user.createdAt.getTime(),
        emailDomain: user.email.slice(user.email.lastIndexOf('@') + 1).toLowerCase(),
      };
    }
  }
  const out = [...changed.values()];
  await tx
    .insert(riskFeatures)
    .values(out.map((c) => ({ entity: c.entity, state: c.state, version: c.version })))
    .onDuplicateKeyUpdate({
      set: {
        state: sql`VALUES(${sql.raw(riskFeatures.state.name)})`,
        version: sql`VALUES(${sql.raw(riskFeatures.version.name)})`,
        updatedAt: sql`CURRENT_TIMESTAMP(3)`,
      },
    });
  return out;
}

/**
 * The consumer that keeps the features up to date. The durable copy changes in the consumer's
 * transaction (with its processed-event row, so a redelivered event is never counted twice); the
 * hot copy is written before that commits, version-guarded, so a rolled-back delivery that is
 * redelivered writes the same version again and a late write never overtakes a newer one. If
 * Redis cannot be written, the delivery fails and is retried: the hot copy never skips an event.
 */
export function riskFeaturesSubscription(options: { redis: RedisClient }): Subscription {
  return {
    consumer: RISK_FEATURES_CONSUMER,
    types: RISK_FEATURE_EVENT_TYPES,
    async handle({ event, tx }) {
      const facts = factsOf(event);
      if (facts.length === 0) return;
      const changed = await applyFacts({ tx, facts });
      await writeStates(options.redis, changed);
    },
    // A batch folds every fact in order: each entity is read, locked and written once, and its
    // hot copy written once at its final version.
    async handleBatch({ events, tx }) {
      const facts = events.flatMap(factsOf);
      if (facts.length === 0) return;
      const changed = await applyFacts({ tx, facts });
      await writeStates(options.redis, changed);
    },
  };
}

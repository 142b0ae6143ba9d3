import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  outboxEvents,
  riskFeatures,
  riskHolds,
  riskMerchantAssessments,
} from '../../db/schema/index.js';
import type { RedisClient } from '../../infra/redis.js';
import { riskKeys, writeStates } from './feature-store.js';
import { applyFactInPlace, entitiesOf, type FeatureState } from './features.js';
import { factsOf, RISK_FEATURE_EVENT_TYPES } from './update-features.js';

const CHUNK = 1_000;

/**
 * Copies the durable features (and the hold and merchant-flag markers) into Redis, then marks the
 * hot copy ready. Run at start-up when the marker is missing (a new deployment, or Redis lost its
 * data); until it finishes, decisions use the default policy. Safe alongside the consumer: writes
 * are version-guarded.
 */
export async function restoreHotFeatures(options: {
  db: Db;
  redis: RedisClient;
}): Promise<{ entities: number }> {
  const { db, redis } = options;
  let after = '';
  let entities = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(riskFeatures)
      .where(gt(riskFeatures.entity, after))
      .orderBy(asc(riskFeatures.entity))
      .limit(CHUNK);
    if (rows.length === 0) break;
    await writeStates(
      redis,
      rows.map((r) => ({ entity: r.entity, version: r.version, state: r.state as FeatureState })),
    );
    entities += rows.length;
    after = rows[rows.length - 1]?.entity ?? after;
  }
  const holds = await db
    .select({ orderId: riskHolds.orderId })
    .from(riskHolds)
    .where(eq(riskHolds.status, 'held'));
  await Promise.all(holds.map((h) => redis.set(riskKeys.hold(h.orderId), '1')));
  const flagged = await db
    .select({ merchantId: riskMerchantAssessments.merchantId })
    .from(riskMerchantAssessments)
    .where(eq(riskMerchantAssessments.flagged, true));
  await Promise.all(flagged.map((f) => redis.set(riskKeys.merchantFlag(f.merchantId), '1')));
  await redis.set(riskKeys.ready, String(Date.now()));
  return { entities };
}

/** Restores the hot copy unless it is already marked ready. */
export async function ensureHotFeatures(options: { db: Db; redis: RedisClient }): Promise<void> {
  if ((await options.redis.exists(riskKeys.ready)) === 1) return;
  await restoreHotFeatures(options);
}

/**
 * Folds events into feature states from nothing, in memory: what the store would hold had it
 * seen only these events. For rebuilds and for checking the store against the stream.
 */
export function foldEvents(
  events: Iterable<{ type: string; payload: unknown; occurredAt: string }>,
): Map<string, FeatureState> {
  const states = new Map<string, FeatureState>();
  for (const event of events) {
    for (const fact of factsOf(event)) {
      for (const entity of entitiesOf(fact)) {
        states.set(entity, applyFactInPlace(entity, states.get(entity), fact));
      }
    }
  }
  return states;
}

/** The feature-relevant events still in the outbox (its retention: 7 days), oldest first. */
export async function readFeatureEvents(options: {
  db: Db;
}): Promise<{ type: string; payload: unknown; occurredAt: string }[]> {
  const out: { type: string; payload: unknown; occurredAt: string }[] = [];
  let after = 0;
  for (;;) {
    const rows = await options.db
      .select({
        seq: outboxEvents.seq,
        type: outboxEvents.type,
        payload: outboxEvents.payload,
        occurredAt: outboxEvents.occurredAt,
      })
      .from(outboxEvents)
      .where(and(gt(outboxEvents.seq, after)))
      .orderBy(asc(outboxEvents.seq))
      .limit(CHUNK);
    if (rows.length === 0) return out;
    for (const row of rows) {
      if ((RISK_FEATURE_EVENT_TYPES as readonly string[]).includes(row.type)) {
        out.push({
          type: row.type,
          payload: row.payload,
          occurredAt: row.occurredAt.toISOString(),
        });
      }
    }
    after = rows[rows.length - 1]?.seq ?? after;
  }
}

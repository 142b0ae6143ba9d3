import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  outboxEvents,
  processedEvents,
  type RiskAction,
  riskFeatures,
  riskMerchantAssessments,
} from '../../db/schema/index.js';
import type { DucatEvent } from '../../events/catalogue.js';
import { outbox } from '../../events/index.js';
import { consumeEvent, consumeEvents, type Subscription } from '../../infra/event-consumer.js';
import { useTestEnv } from '../../test/harness.js';
import { assessMerchantRisk } from './assess-merchant-risk.js';
import { decodeState, riskKeys } from './feature-store.js';
import type { FeatureState } from './features.js';
import { foldEvents, readFeatureEvents, restoreHotFeatures } from './restore-hot-features.js';
import { riskFeaturesSubscription } from './update-features.js';

const t = useTestEnv();

const HOUR = 3_600_000;
const NOW = Date.now();
const SHOPPERS = [
  'usr_aaaaaaaaaaaaaaaaaaaaaa',
  'usr_bbbbbbbbbbbbbbbbbbbbbb',
  'usr_AAAAAAAAAAAAAAAAAAAAAA',
];
const MERCHANTS = ['mch_mmmmmmmmmmmmmmmmmmmmmm', 'mch_nnnnnnnnnnnnnnnnnnnnnn'];

type Draft = Parameters<typeof outbox.append>[0] extends infer O
  ? O extends { type: infer T; payload: infer P }
    ? { type: T; payload: P; aggregateId: string; occurredAt: Date }
    : never
  : never;

/** A deterministic stream: attempts and their outcomes for a few shoppers at two merchants. */
function stream(): Draft[] {
  const drafts: Draft[] = [];
  for (let i = 0; i < 40; i++) {
    const shopperId = SHOPPERS[i % SHOPPERS.length] as string;
    const merchantId = MERCHANTS[i % 2] as string;
    const orderId = `ord_${String(i).padStart(22, 'x')}`;
    const at = new Date(NOW - (40 - i) * 1.3 * HOUR);
    const amount = 1_000 + i * 37;
    const decision: RiskAction = i % 9 === 0 ? 'reject' : 'allow';
    drafts.push({
      type: 'risk.decision_made',
      aggregateId: orderId,
      occurredAt: at,
      payload: {
        decisionId: `rsk_${i}`,
        orderId,
        merchantId,
        shopperId,
        method: 'wallet',
        amount,
        currency: i % 5 === 0 ? 'USD' : 'EUR',
        ip: `10.0.${i % 4}.1`,
        cardFingerprint: i % 3 === 0 ? `fp_${i % 2}` : null,
        decision,
        reasons: decision === 'reject' ? ['velocity_1h'] : [],
        ruleVersion: 1,
        fallback: false,
      },
    });
    const to =
      decision === 'reject'
        ? 'reject_risk_service'
        : i % 7 === 0
          ? 'error_checkout'
          : 'checkout_success';
    drafts.push({
      type: 'order.status_changed',
      aggregateId: orderId,
      occurredAt: new Date(at.getTime() + 1_000),
      payload: {
        orderId,
        merchantId,
        mode: 'test',
        from: 'created',
        to,
        version: 2,
        amount,
        currency: i % 5 === 0 ? 'USD' : 'EUR',
        failureCode: null,
        shopperId,
      },
    });
    if (to === 'checkout_success' && i % 4 === 0) {
      drafts.push({
        type: 'order.status_changed',
        aggregateId: orderId,
        occurredAt: new Date(at.getTime() + 60_000),
        payload: {
          orderId,
          merchantId,
          mode: 'test',
          from: 'checkout_success',
          to: 'partially_refunded',
          version: 3,
          amount,
          currency: i % 5 === 0 ? 'USD' : 'EUR',
          failureCode: null,
          shopperId,
        },
      });
    }
  }
  return drafts;
}

/** Writes the stream to the outbox (as the platform would) and returns the events. */
async function publish(drafts: Draft[]): Promise<DucatEvent[]> {
  return t().database.db.transaction(async (tx) => {
    const events: DucatEvent[] = [];
    for (const d of drafts) events.push(await outbox.append({ tx, ...d } as never));
    return events;
  });
}

async function durableStates(): Promise<Map<string, { state: FeatureState; version: number }>> {
  const rows = await t().database.db.select().from(riskFeatures);
  return new Map(
    rows.map((r) => [r.entity, { state: r.state as FeatureState, version: r.version }]),
  );
}

async function hotStates(entities: string[]): Promise<Map<string, FeatureState | undefined>> {
  const out = new Map<string, FeatureState | undefined>();
  for (const entity of entities) {
    out.set(entity, decodeState(await t().redis.get(riskKeys.feature(entity))));
  }
  return out;
}

describe('risk features from the event stream', () => {
  let events: DucatEvent[] = [];
  let singlePass = new Map<string, { state: FeatureState; version: number }>();

  it('replaying the stream (again, and twice at once) leaves the features of a single pass', async () => {
    const subscription = riskFeaturesSubscription({ redis: t().redis });
    const db = t().database.db;
    events = await publish(stream());
    for (const event of events) {
      expect(await consumeEvent({ db, subscription, event })).toBe('applied');
    }
    singlePass = await durableStates();
    expect(singlePass.size).toBeGreaterThan(8);

    // The same stream again, each event delivered twice concurrently: nothing counts again.
    for (const event of events) {
      const outcomes = await Promise.all([
        consumeEvent({ db, subscription, event }),
        consumeEvent({ db, subscription, event }),
      ]);
      expect(outcomes).toEqual(['duplicate', 'duplicate']);
    }
    const replayed = await durableStates();
    expect(replayed).toEqual(singlePass);

    // The single pass equals a fold of the stream from nothing, in memory ...
    const folded = foldEvents(events);
    expect(new Map([...replayed].map(([k, v]) => [k, v.state]))).toEqual(folded);
    // ... and the hot copy holds exactly the durable one.
    const hot = await hotStates([...replayed.keys()]);
    for (const [entity, { state }] of replayed) expect(hot.get(entity)).toEqual(state);

    // Spot checks that the stream was really counted: shopper a, attempts in its lifetime.
    const a = replayed.get(`shopper:${SHOPPERS[0]}`)?.state;
    expect(a?.n.attempts).toBe(14);
    // Ids differing only in case are different shoppers.
    expect(replayed.get(`shopper:${SHOPPERS[2]}`)?.state.n.attempts).toBe(13);
  });

  it('consumed in batches (redelivered, overlapping, two at once) the stream leaves the same features', async () => {
    const subscription = riskFeaturesSubscription({ redis: t().redis });
    const { db } = t().database;
    // Forget the single pass: no processed events, no durable or hot state.
    await db.delete(processedEvents).where(eq(processedEvents.consumer, subscription.consumer));
    await db.delete(riskFeatures);
    for (const entity of singlePass.keys()) await t().redis.del(riskKeys.feature(entity));

    let applied = 0;
    for (let start = 0; start < events.length; start += 11) {
      // Each batch repeats the last three events of the one before and is delivered twice at
      // once: every event still counts once.
      const batch = events.slice(Math.max(0, start - 3), start + 11);
      const counts = await Promise.all([
        consumeEvents({ db, subscription, events: batch }),
        consumeEvents({ db, subscription, events: batch }),
      ]);
      applied += counts[0] + counts[1];
    }
    expect(applied).toBe(events.length);
    const batched = await durableStates();
    expect(batched).toEqual(singlePass);
    const hot = await hotStates([...batched.keys()]);
    for (const [entity, { state }] of batched) expect(hot.get(entity)).toEqual(state);
  });

  it('the same event delivered twice concurrently on first delivery counts once', async () => {
    const subscription = riskFeaturesSubscription({ redis: t().redis });
    const db = t().database.db;
    const [event] = await publish([
      {
        ...(stream()[0] as Draft),
        occurredAt: new Date(NOW),
      },
    ]);
    if (!event) throw new Error('no event');
    const before = (await durableStates()).get(`shopper:${SHOPPERS[0]}`);
    const outcomes = await Promise.all([
      consumeEvent({ db, subscription, event }),
      consumeEvent({ db, subscription, event }),
    ]);
    expect(outcomes.sort()).toEqual(['applied', 'duplicate']);
    const after = (await durableStates()).get(`shopper:${SHOPPERS[0]}`);
    expect(after?.state.n.attempts).toBe((before?.state.n.attempts ?? 0) + 1);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    events.push(event);
  });

  it('a delivery that dies after writing Redis but before committing counts once when redelivered', async () => {
    const real = riskFeaturesSubscription({ redis: t().redis });
    const dying: Subscription = {
      ...real,
      async handle(options) {
        await real.handle(options);
        throw new Error('process died before commit');
      },
    };
    const db = t().database.db;
    const [event] = await publish([
      {
        ...(stream()[2] as Draft),
        occurredAt: new Date(NOW),
      },
    ]);
    if (!event) throw new Error('no event');
    const entity = `shopper:${SHOPPERS[1]}`;
    const before = (await durableStates()).get(entity);
    await expect(consumeEvent({ db, subscription: dying, event })).rejects.toThrow('died');
    expect((await durableStates()).get(entity)).toEqual(before);
    expect(await consumeEvent({ db, subscription: real, event })).toBe('applied');
    const after = (await durableStates()).get(entity);
    expect(after?.state.n.attempts).toBe((before?.state.n.attempts ?? 0) + 1);
    expect((await hotStates([entity])).get(entity)).toEqual(after?.state);
    events.push(event);
  });

  it('the outbox replays into the same features, and a lost Redis is restored from MySQL', async () => {
    const durable = await durableStates();
    const fromOutbox = foldEvents(await readFeatureEvents({ db: t().database.db }));
    expect(fromOutbox).toEqual(new Map([...durable].map(([k, v]) => [k, v.state])));

    // Redis loses everything.
    await Promise.all([...durable.keys()].map((entity) => t().redis.del(riskKeys.feature(entity))));
    await t().redis.del(riskKeys.ready);
    const restored = await restoreHotFeatures({ db: t().database.db, redis: t().redis });
    expect(restored.entities).toBe(durable.size);
    expect(await t().redis.exists(riskKeys.ready)).toBe(1);
    const hot = await hotStates([...durable.keys()]);
    for (const [entity, { state }] of durable) expect(hot.get(entity)).toEqual(state);
  });

  it('a late write never replaces a newer hot state', async () => {
    const entity = `shopper:${SHOPPERS[0]}`;
    const current = await t().redis.get(riskKeys.feature(entity));
    const { writeStates } = await import('./feature-store.js');
    await writeStates(t().redis, [
      { entity, version: 1, state: { last: 0, first: 0, n: { attempts: 999 }, win: {} } },
    ]);
    expect(await t().redis.get(riskKeys.feature(entity))).toBe(current);
  });
});

describe('merchant risk assessment', () => {
  it('flags a merchant with too many refunds, with an event and the Redis flag, and clears a clean one', async () => {
    const db = t().database.db;
    const subscription = riskFeaturesSubscription({ redis: t().redis });
    const bad = 'mch_bbbbbbbbbbbbbbbbbbbbbb';
    const good = 'mch_gggggggggggggggggggggg';
    const drafts: Draft[] = [];
    for (let i = 0; i < 30; i++) {
      for (const merchantId of [bad, good]) {
        const orderId = `ord_${merchantId.slice(4, 8)}${String(i).padStart(18, 'z')}`;
        const at = new Date(NOW - (30 - i) * 5 * HOUR);
        const base = {
          orderId,
          merchantId,
          mode: 'test' as const,
          amount: 1_000,
          currency: 'EUR',
          failureCode: null,
          shopperId: SHOPPERS[0] as string,
        };
        drafts.push({
          type: 'risk.decision_made',
          aggregateId: orderId,
          occurredAt: at,
          payload: {
            decisionId: `rsk_m${i}`,
            orderId,
            merchantId,
            shopperId: SHOPPERS[0] as string,
            method: 'wallet',
            amount: 1_000,
            currency: 'EUR',
            ip: '10.9.9.9',
            cardFingerprint: null,
            decision: 'allow',
            reasons: [],
            ruleVersion: 0,
            fallback: false,
          },
        });
        drafts.push({
          type: 'order.status_changed',
          aggregateId: orderId,
          occurredAt: at,
          payload: { ...base, from: 'created', to: 'checkout_success', version: 2 },
        });
        if (merchantId === bad && i % 2 === 0) {
          drafts.push({
            type: 'order.status_changed',
            aggregateId: orderId,
            occurredAt: at,
            payload: { ...base, from: 'checkout_success', to: 'refunded', version: 3 },
          });
        }
      }
    }
    for (const event of await publish(drafts)) await consumeEvent({ db, subscription, event });
    await t().redis.set(riskKeys.merchantFlag(good), '1');

    const result = await assessMerchantRisk({ db, redis: t().redis });
    expect(result.flagged).toBeGreaterThanOrEqual(1);
    const [badRow] = await db
      .select()
      .from(riskMerchantAssessments)
      .where(eq(riskMerchantAssessments.merchantId, bad));
    expect(badRow?.flagged).toBe(true);
    expect(badRow?.reasons).toEqual(['merchant_refund_ratio']);
    expect(badRow?.metrics).toMatchObject({ refund_ratio: 0.5 });
    const [goodRow] = await db
      .select()
      .from(riskMerchantAssessments)
      .where(eq(riskMerchantAssessments.merchantId, good));
    expect(goodRow?.flagged).toBe(false);
    expect(await t().redis.exists(riskKeys.merchantFlag(bad))).toBe(1);
    expect(await t().redis.exists(riskKeys.merchantFlag(good))).toBe(0);
    const assessed = await db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, bad));
    const event = assessed.find((e) => e.type === 'risk.merchant_assessed');
    expect(event?.payload).toMatchObject({ merchantId: bad, flagged: true });
  });
});

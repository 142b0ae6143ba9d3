import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { statsDaily } from '../../db/schema/index.js';
import type { DucatEvent } from '../../events/catalogue.js';
import type { Subscription } from '../../infra/event-consumer.js';
import { FAILED_STATUSES, SUCCEEDED_STATUS } from '../metrics/update-metrics.js';

export const STATS_CONSUMER = 'stats-daily';
export const STATS_EVENT_TYPES = ['order.created', 'order.status_changed'] as const;

export const STAT_FIELDS = [
  'checkoutsOpened',
  'ordersSucceeded',
  'ordersFailed',
  'revenue',
  'discountCost',
  'pointsIssued',
  'pointsRedeemed',
  'newShoppers',
  'returningShoppers',
] as const;
export type StatField = (typeof STAT_FIELDS)[number];
export type StatFigures = Record<StatField, number>;
export type StatKey = {
  merchantId: string;
  mode: string;
  currency: string;
  day: string;
  /** `''`: all orders of the day; a campaign id: only that campaign's. */
  campaignId: string;
};
export type StatRow = StatKey & StatFigures;

export function zeroFigures(): StatFigures {
  return Object.fromEntries(STAT_FIELDS.map((f) => [f, 0])) as StatFigures;
}

// The order events' payload, with the fields campaigns and points (issue #22 part A) add: all
// optional, so events written before (or without part A) read as "no campaign, nothing off".
const ZOrderFacts = z.object({
  orderId: z.string(),
  merchantId: z.string(),
  mode: z.string(),
  currency: z.string(),
  amount: z.number().int(),
  // What the shopper was charged, when part A records it apart from the gross amount.
  chargedAmount: z.number().int().optional(),
  to: z.string().optional(),
  shopperId: z.string().nullable().optional(),
  campaignId: z.string().nullable().optional(),
  discountAmount: z.number().int().optional(),
  pointsEarned: z.number().int().optional(),
  pointsRedeemed: z.number().int().optional(),
});

/** A success of a shopper: new or returning is decided against `stats_shoppers` when applied. */
type ShopperSuccess = { merchantId: string; mode: string; shopperId: string; orderId: string };

/** What one event adds: figure deltas per key, and the shopper whose success it is (if any). */
export function statDeltasOf(event: Pick<DucatEvent, 'type' | 'payload' | 'occurredAt'>): {
  keys: StatKey[];
  delta: Partial<StatFigures>;
  shopper: ShopperSuccess | null;
} | null {
  const parsed = ZOrderFacts.safeParse(event.payload);
  if (!parsed.success) return null;
  const p = parsed.data;
  const base = {
    merchantId: p.merchantId,
    mode: p.mode,
    currency: p.currency,
    day: event.occurredAt.slice(0, 10),
  };
  const keys: StatKey[] = [{ ...base, campaignId: '' }];
  if (p.campaignId) keys.push({ ...base, campaignId: p.campaignId });
  if (event.type === 'order.created') return { keys, delta: { checkoutsOpened: 1 }, shopper: null };
  if (event.type !== 'order.status_changed') return null;
  if (p.to === SUCCEEDED_STATUS) {
    return {
      keys,
      delta: {
        ordersSucceeded: 1,
        revenue: p.chargedAmount ?? p.amount,
        discountCost: p.discountAmount ?? 0,
        pointsIssued: p.pointsEarned ?? 0,
        pointsRedeemed: p.pointsRedeemed ?? 0,
      },
      shopper: p.shopperId
        ? { merchantId: p.merchantId, mode: p.mode, shopperId: p.shopperId, orderId: p.orderId }
        : null,
    };
  }
  if ((FAILED_STATUSES as readonly string[]).includes(p.to ?? '')) {
    return { keys, delta: { ordersFailed: 1 }, shopper: null };
  }
  return null;
}

const keyOf = (k: StatKey) => `${k.merchantId}|${k.mode}|${k.currency}|${k.day}|${k.campaignId}`;

/**
 * Folds events (in order) into the warehouse: the shopper's first success with a merchant
 * inserts its `stats_shoppers` row (the primary key decides, also between two consumers at
 * once), then the summed deltas are upserted in key order (no deadlock between two writers).
 * The incremental consumer and the rebuild both go through here.
 */
export async function applyStatsEvents(options: {
  tx: DbOrTx;
  events: readonly DucatEvent[];
}): Promise<void> {
  const sums = new Map<string, StatRow>();
  for (const event of options.events) {
    const d = statDeltasOf(event);
    if (!d) continue;
    const delta = { ...d.delta };
    if (d.shopper) {
      const [result] = (await options.tx.execute(sql`
        INSERT IGNORE INTO stats_shoppers (merchant_id, mode, shopper_id, first_order_id, first_at)
        VALUES (${d.shopper.merchantId}, ${d.shopper.mode}, ${d.shopper.shopperId},
                ${d.shopper.orderId}, ${new Date(event.occurredAt)})`)) as unknown as [
        { affectedRows: number },
      ];
      if (result.affectedRows === 1) delta.newShoppers = 1;
      else delta.returningShoppers = 1;
    }
    for (const key of d.keys) {
      const id = keyOf(key);
      const row = sums.get(id) ?? { ...key, ...zeroFigures() };
      for (const f of STAT_FIELDS) row[f] += delta[f] ?? 0;
      sums.set(id, row);
    }
  }
  const rows = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  if (rows.length === 0) return;
  const add = (column: string) => sql.raw(`${column} + VALUES(${column})`);
  await options.tx
    .insert(statsDaily)
    .values(rows)
    .onDuplicateKeyUpdate({
      set: Object.fromEntries(STAT_FIELDS.map((f) => [f, add(statsDaily[f].name)])) as Record<
        StatField,
        ReturnType<typeof sql>
      >,
    });
}

/** The warehouse consumer: its writes commit with the processed-events rows, once per event. */
export function statsDailySubscription(): Subscription {
  return {
    consumer: STATS_CONSUMER,
    types: STATS_EVENT_TYPES,
    handle: ({ event, tx }) => applyStatsEvents({ tx, events: [event] }),
    handleBatch: ({ events, tx }) => applyStatsEvents({ tx, events }),
  };
}

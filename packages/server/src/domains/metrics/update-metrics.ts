import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Metric, metricsDaily } from '../../db/schema/index.js';
import type { DucatEvent } from '../../events/catalogue.js';
import type { Subscription } from '../../infra/event-consumer.js';

export const METRICS_CONSUMER = 'metrics-daily';

/** The events the dashboard's counters are kept from. */
export const METRICS_EVENT_TYPES = [
  'order.status_changed',
  'merchant.applied',
  'user.signed_up',
] as const;

/** Statuses that count as a successful payment, and as a failed one (timeouts are neither). */
export const SUCCEEDED_STATUS = 'checkout_success';
export const FAILED_STATUSES = ['error_checkout', 'reject_risk_service'] as const;

export type MetricDelta = {
  day: string;
  metric: Metric;
  currency: string;
  mode: string;
  value: number;
};

type StatusChange = { to: string; amount: number; currency: string; mode: string };

/** What one event adds to the counters of its day (UTC). */
export function metricDeltasOf(
  event: Pick<DucatEvent, 'type' | 'payload' | 'occurredAt'>,
): MetricDelta[] {
  const day = event.occurredAt.slice(0, 10);
  switch (event.type) {
    case 'order.status_changed': {
      const p = event.payload as StatusChange;
      const money = { day, currency: p.currency, mode: p.mode };
      if (p.to === SUCCEEDED_STATUS) {
        return [
          { ...money, metric: 'succeeded', value: 1 },
          { ...money, metric: 'volume', value: p.amount },
        ];
      }
      if ((FAILED_STATUSES as readonly string[]).includes(p.to)) {
        return [{ ...money, metric: 'failed', value: 1 }];
      }
      return [];
    }
    case 'merchant.applied':
      return [{ day, metric: 'new_merchants', currency: '', mode: '', value: 1 }];
    case 'user.signed_up':
      return [{ day, metric: 'new_shoppers', currency: '', mode: '', value: 1 }];
    default:
      return [];
  }
}

/** Adds deltas to the counters (rows in key order, so two consumers never deadlock). */
export async function addMetricDeltas(options: {
  tx: DbOrTx;
  deltas: MetricDelta[];
}): Promise<void> {
  if (options.deltas.length === 0) return;
  const rows = [...options.deltas].sort((a, b) =>
    `${a.day}|${a.metric}|${a.currency}|${a.mode}` < `${b.day}|${b.metric}|${b.currency}|${b.mode}`
      ? -1
      : 1,
  );
  await options.tx
    .insert(metricsDaily)
    .values(rows)
    .onDuplicateKeyUpdate({
      set: {
        value: sql`${sql.raw(metricsDaily.value.name)} + VALUES(${sql.raw(metricsDaily.value.name)})`,
      },
    });
}

/**
 * The consumer that keeps `metrics_daily` up to date from the event stream. Its upsert commits
 * with the processed-events row (see consumeEvent), so a redelivered event counts once.
 */
export function metricsDailySubscription(): Subscription {
  return {
    consumer: METRICS_CONSUMER,
    types: METRICS_EVENT_TYPES,
    async handle({ event, tx }) {
      await addMetricDeltas({ tx, deltas: metricDeltasOf(event) });
    },
    // A relay batch adds its summed deltas: one row per day and counter, not one per event.
    async handleBatch({ events, tx }) {
      const sums = new Map<string, MetricDelta>();
      for (const delta of events.flatMap(metricDeltasOf)) {
        const key = `${delta.day}|${delta.metric}|${delta.currency}|${delta.mode}`;
        const sum = sums.get(key);
        if (sum) sum.value += delta.value;
        else sums.set(key, { ...delta });
      }
      await addMetricDeltas({ tx, deltas: [...sums.values()] });
    },
  };
}

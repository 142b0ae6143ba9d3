import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

export type IndexLag = {
  /** Documents written in the window. */
  samples: number;
  /** Event committed -> document written, over the most recent writes (at most 1,000). */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  lastIndexedAt: string | null;
  /** Events not yet taken by the relay (every consumer waits behind them), and the oldest one's age. */
  pendingEvents: number;
  oldestPendingMs: number | null;
};

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? null;
}

/**
 * The search index's lag, measured on what it wrote: each document keeps the time of the event
 * that caused the write and the time of the write. Read from the database, so every process
 * (and the portal) sees the same figure.
 */
export async function getIndexLag(options: {
  db: DbOrTx;
  windowMinutes?: number;
}): Promise<IndexLag> {
  const minutes = options.windowMinutes ?? 15;
  const [rows] = (await options.db.execute(sql`
    SELECT TIMESTAMPDIFF(MICROSECOND, event_at, indexed_at) AS us, indexed_at
      FROM search_documents
     WHERE indexed_at >= CURRENT_TIMESTAMP(3) - INTERVAL ${minutes} MINUTE
     ORDER BY indexed_at DESC LIMIT 1000`)) as unknown as [
    { us: number | string; indexed_at: Date | string }[],
  ];
  const lags = rows.map((r) => Math.max(0, Number(r.us) / 1000)).sort((a, b) => a - b);
  const [pending] = (await options.db.execute(sql`
    SELECT COUNT(*) AS n,
           TIMESTAMPDIFF(MICROSECOND, MIN(occurred_at), CURRENT_TIMESTAMP(3)) AS us
      FROM outbox_events WHERE published_at IS NULL AND dead_at IS NULL`)) as unknown as [
    { n: number | string; us: number | string | null }[],
  ];
  const first = rows[0];
  const p = pending[0];
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    samples: lags.length,
    p50Ms: round(percentile(lags, 0.5)),
    p99Ms: round(percentile(lags, 0.99)),
    maxMs: round(lags.length > 0 ? (lags[lags.length - 1] ?? null) : null),
    lastIndexedAt: first
      ? (first.indexed_at instanceof Date
          ? first.indexed_at
          : new Date(`${String(first.indexed_at).replace(' ', 'T')}Z`)
        ).toISOString()
      : null,
    pendingEvents: Number(p?.n ?? 0),
    oldestPendingMs: p?.us === null || p?.us === undefined ? null : Math.round(Number(p.us) / 1000),
  };
}

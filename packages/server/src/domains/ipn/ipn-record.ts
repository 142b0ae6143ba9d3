import type { IpnStatus, ipnAttempts, Mode } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { IpnDeliveryRow } from './post-ipn.js';

/** A delivery as the merchant area shows it (dates as ISO strings). */
export type IpnDeliverySummary = {
  id: string;
  eventId: string;
  mode: Mode;
  /** The webhook endpoint it went to (null: a bare delivery to a URL). */
  endpointId: string | null;
  /** Null for events about no order (payouts). */
  orderId: string | null;
  type: string;
  seq: number;
  url: string;
  status: IpnStatus;
  /** Scheduled attempts so far (manual resends are not counted: they leave the schedule alone). */
  attempts: number;
  nextAttemptAt: string | null;
  giveUpAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  body: unknown;
};

export type IpnAttemptSummary = {
  id: number;
  deliveryId: string;
  attemptedAt: string;
  trigger: 'schedule' | 'manual';
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
};

export function toIpnDeliverySummary(row: IpnDeliveryRow): IpnDeliverySummary {
  return {
    id: row.id,
    eventId: row.eventId,
    mode: row.mode,
    endpointId: row.endpointId,
    orderId: row.orderId,
    type: row.type,
    seq: row.seq,
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    // Only a pending delivery has a next attempt; the column keeps its last value otherwise.
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    giveUpAt: row.giveUpAt.toISOString(),
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    body: row.body,
  };
}

export function toIpnAttemptSummary(row: typeof ipnAttempts.$inferSelect): IpnAttemptSummary {
  return {
    id: row.id,
    deliveryId: row.deliveryId,
    attemptedAt: row.attemptedAt.toISOString(),
    trigger: row.trigger,
    statusCode: row.statusCode,
    latencyMs: row.latencyMs,
    responseExcerpt: row.responseExcerpt,
    error: row.error,
  };
}

/** Opaque page cursors: base64url JSON, so their shape can change without breaking clients. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, parse: (value: unknown) => T | undefined): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = parse(value);
  if (parsed === undefined) throw new AppError('ipn_cursor_invalid', { field: 'cursor' });
  return parsed;
}

import { and, asc, eq, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { ipnDeliveries, type Mode, webhookEndpoints } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { RedisClient } from '../../infra/redis.js';
import { recordIpnAttempt } from '../ipn/post-ipn.js';
import { logIpnAttempt } from '../logs/log-ipn-attempt.js';
import type { Actor } from '../staff/record-audit.js';
import { createWebhookEndpoint } from './create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from './delete-webhook-endpoint.js';
import { CLI_ENDPOINT_URL, loadWebhookEndpoint, type WebhookEndpoint } from './endpoint-record.js';

/** A session that has not beaten for this long died with its server: its endpoint is removed. */
export const LISTEN_STALE_MS = 120_000;

/**
 * Opens a `ducat listen` session: a temporary `cli` endpoint of the key's mode with its own
 * secret (which the CLI prints and signs its forwards with). Sessions whose server died before
 * removing them (no heartbeat for LISTEN_STALE_MS) are removed first.
 */
export async function openListenSession(options: {
  db: Db;
  actor: Actor;
  masterKey: Buffer;
  merchantId: string;
  mode: Mode;
  enabledEvents: string[];
  now?: Date;
}): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const { db, merchantId, mode } = options;
  const now = options.now ?? new Date();
  const stale = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.merchantId, merchantId),
        eq(webhookEndpoints.mode, mode),
        eq(webhookEndpoints.kind, 'cli'),
        lt(webhookEndpoints.updatedAt, new Date(now.getTime() - LISTEN_STALE_MS)),
      ),
    );
  for (const { id } of stale) {
    await closeListenSession({ ...options, endpointId: id });
  }
  return db.transaction((tx) =>
    createWebhookEndpoint({
      tx,
      actor: options.actor,
      masterKey: options.masterKey,
      merchantId,
      mode,
      url: CLI_ENDPOINT_URL,
      description: 'ducat listen',
      enabledEvents: options.enabledEvents,
      kind: 'cli',
      now,
    }),
  );
}

/** Removes the session's endpoint (its pending deliveries stop); a second close is a no-op. */
export async function closeListenSession(options: {
  db: Db;
  actor: Actor;
  merchantId: string;
  mode: Mode;
  endpointId: string;
}): Promise<void> {
  try {
    await options.db.transaction((tx) => deleteWebhookEndpoint({ ...options, tx }));
  } catch (error) {
    if (error instanceof AppError && error.code === 'webhook_endpoint_not_found') return;
    throw error;
  }
}

/** The session's deliveries not yet handed to it, oldest first; beats its heartbeat. */
export async function nextListenDeliveries(options: {
  db: Db;
  endpointId: string;
  handedOut: ReadonlySet<string>;
  now?: Date;
}): Promise<{ id: string; eventId: string; type: string; body: unknown }[]> {
  const { db, endpointId } = options;
  await db
    .update(webhookEndpoints)
    .set({ updatedAt: options.now ?? new Date() })
    .where(eq(webhookEndpoints.id, endpointId));
  return db
    .select({
      id: ipnDeliveries.id,
      eventId: ipnDeliveries.eventId,
      type: ipnDeliveries.type,
      body: ipnDeliveries.body,
    })
    .from(ipnDeliveries)
    .where(
      and(
        eq(ipnDeliveries.endpointId, endpointId),
        eq(ipnDeliveries.status, 'pending'),
        options.handedOut.size > 0
          ? notInArray(ipnDeliveries.id, [...options.handedOut])
          : undefined,
      ),
    )
    .orderBy(asc(ipnDeliveries.createdAt), asc(ipnDeliveries.id))
    .limit(50);
}

/**
 * What the CLI's forward to the local server gave: logged as an attempt; a 2xx marks the
 * delivery delivered, anything else failed (the CLI does not retry: `ducat events resend` does).
 */
export async function recordListenResult(options: {
  db: Db;
  /** Where the forward is put in the merchant's log (`ducat logs tail`); none: not logged. */
  redis?: RedisClient | undefined;
  merchantId: string;
  mode: Mode;
  endpointId: string;
  deliveryId: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}): Promise<{ status: 'delivered' | 'failed' }> {
  const { db } = options;
  const endpoint = await loadWebhookEndpoint({ ...options, db });
  if (endpoint.kind !== 'cli') {
    throw new AppError('webhook_endpoint_not_found', {
      message: 'Not a ducat listen endpoint.',
      field: 'endpointId',
    });
  }
  const ok = options.statusCode !== null && options.statusCode >= 200 && options.statusCode < 300;
  const status = ok ? 'delivered' : 'failed';
  const { row, result } = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(ipnDeliveries)
      .where(
        and(eq(ipnDeliveries.id, options.deliveryId), eq(ipnDeliveries.endpointId, endpoint.id)),
      )
      .for('update');
    if (!row)
      throw new AppError('not_found', { message: 'No such delivery.', field: 'deliveryId' });
    const now = new Date();
    const result = {
      attemptedAt: now,
      ok,
      statusCode: options.statusCode,
      latencyMs: options.latencyMs,
      responseExcerpt: null,
      error: options.error ?? (ok ? null : `http_${options.statusCode}`),
    };
    await recordIpnAttempt({ tx, deliveryId: row.id, trigger: 'schedule', result });
    await tx
      .update(ipnDeliveries)
      .set({
        status,
        attempts: sql`${ipnDeliveries.attempts} + 1`,
        lastStatusCode: options.statusCode,
        lastError: ok ? null : (options.error ?? `http_${options.statusCode}`),
        ...(ok ? { deliveredAt: now } : {}),
      })
      .where(eq(ipnDeliveries.id, row.id));
    return { row, result };
  });
  if (options.redis) {
    await logIpnAttempt({ redis: options.redis, delivery: row, trigger: 'listen', result });
  }
  return { status };
}

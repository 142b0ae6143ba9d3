import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  ipnDeliveries,
  type Mode,
  merchantCredentials,
  webhookEndpoints,
} from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { loadWebhookEndpoint, toWebhookEndpoint, type WebhookEndpoint } from './endpoint-record.js';

/**
 * Removes an endpoint and revokes its secrets. Its deliveries stay (the merchant area and the
 * events API still show what was sent); those still pending stop (failed, `endpoint_deleted`):
 * a URL the merchant gave up gets nothing more. The primary endpoint cannot be deleted (disable
 * it instead).
 */
export async function deleteWebhookEndpoint(options: {
  tx: Tx;
  actor: Actor;
  merchantId: string;
  mode: Mode;
  endpointId: string;
  now?: Date;
}): Promise<WebhookEndpoint> {
  const { tx } = options;
  const row = await loadWebhookEndpoint({ ...options, db: tx, forUpdate: true });
  if (row.primary) throw new AppError('webhook_endpoint_primary', { field: 'endpointId' });
  const now = options.now ?? new Date();
  await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, row.id));
  await tx
    .update(merchantCredentials)
    .set({ revokedAt: now })
    .where(and(eq(merchantCredentials.endpointId, row.id), isNull(merchantCredentials.revokedAt)));
  await tx
    .update(ipnDeliveries)
    .set({ status: 'failed', lastError: 'endpoint_deleted' })
    .where(and(eq(ipnDeliveries.endpointId, row.id), eq(ipnDeliveries.status, 'pending')));
  const endpoint = toWebhookEndpoint(row);
  await recordAudit({
    tx,
    actor: options.actor,
    action: 'webhook_endpoint.deleted',
    targetType: 'webhook_endpoint',
    targetId: row.id,
    merchantId: options.merchantId,
    before: endpoint,
  });
  return endpoint;
}

import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { type Mode, type WebhookEndpointStatus, webhookEndpoints } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { loadWebhookEndpoint, toWebhookEndpoint, type WebhookEndpoint } from './endpoint-record.js';

/**
 * Changes an endpoint's URL, description, event types or status. Deliveries already queued keep
 * the URL they were queued with (they report what happened then); new events use the new one.
 * The primary endpoint's URL is the profile's IPN URL: it changes there, not here.
 */
export async function updateWebhookEndpoint(options: {
  tx: Tx;
  actor: Actor;
  merchantId: string;
  mode: Mode;
  endpointId: string;
  patch: {
    url?: string | undefined;
    description?: string | undefined;
    enabledEvents?: string[] | undefined;
    status?: WebhookEndpointStatus | undefined;
  };
}): Promise<WebhookEndpoint> {
  const { tx, patch } = options;
  const before = await loadWebhookEndpoint({ ...options, db: tx, forUpdate: true });
  if (before.primary && patch.url !== undefined && patch.url !== before.url) {
    throw new AppError('webhook_endpoint_primary', {
      message: 'The primary endpoint is the IPN URL of the profile: change its URL there.',
      field: 'url',
    });
  }
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return toWebhookEndpoint(before);
  await tx
    .update(webhookEndpoints)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(webhookEndpoints.id, before.id));
  const after = await loadWebhookEndpoint({ ...options, db: tx });
  await recordAudit({
    tx,
    actor: options.actor,
    action: 'webhook_endpoint.updated',
    targetType: 'webhook_endpoint',
    targetId: before.id,
    merchantId: options.merchantId,
    before: toWebhookEndpoint(before),
    after: toWebhookEndpoint(after),
  });
  return toWebhookEndpoint(after);
}

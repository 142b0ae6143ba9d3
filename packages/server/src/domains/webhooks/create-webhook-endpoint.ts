import { and, count, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { type Mode, type WebhookEndpointKind, webhookEndpoints } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { newId } from '../../infra/id.js';
import { issueMerchantCredential } from '../merchants/issue-merchant-credential.js';
import { loadMerchantRow } from '../merchants/merchant-record.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { toWebhookEndpoint, type WebhookEndpoint } from './endpoint-record.js';

/** Per merchant and mode: enough for every environment and developer, bounded fan-out. */
export const MAX_WEBHOOK_ENDPOINTS = 16;

/**
 * Adds a webhook endpoint and issues its own signing secret (returned once, stored encrypted).
 * The merchant row is locked first, so two creations at once cannot pass the limit together.
 */
export async function createWebhookEndpoint(options: {
  tx: Tx;
  actor: Actor;
  masterKey: Buffer;
  merchantId: string;
  mode: Mode;
  url: string;
  description?: string | undefined;
  enabledEvents: string[];
  kind?: WebhookEndpointKind;
  now?: Date;
}): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const { tx, merchantId, mode } = options;
  await loadMerchantRow({ tx, merchantId, forUpdate: true });
  const [counted] = await tx
    .select({ n: count() })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.mode, mode)));
  if ((counted?.n ?? 0) >= MAX_WEBHOOK_ENDPOINTS) {
    throw new AppError('webhook_endpoint_limit', { details: { max: MAX_WEBHOOK_ENDPOINTS } });
  }
  const now = options.now ?? new Date();
  const id = newId('we');
  await tx.insert(webhookEndpoints).values({
    id,
    merchantId,
    mode,
    url: options.url,
    description: options.description ?? '',
    enabledEvents: options.enabledEvents,
    status: 'enabled',
    kind: options.kind ?? 'http',
    primary: false,
    createdAt: now,
    updatedAt: now,
  });
  const { secret } = await issueMerchantCredential({
    tx,
    actor: options.actor,
    masterKey: options.masterKey,
    merchantId,
    kind: 'webhook_secret',
    mode,
    endpointId: id,
    graceSeconds: 0,
  });
  const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw new AppError('internal_error', { internalMessage: 'endpoint vanished' });
  const endpoint = toWebhookEndpoint(row);
  await recordAudit({
    tx,
    actor: options.actor,
    action: 'webhook_endpoint.created',
    targetType: 'webhook_endpoint',
    targetId: id,
    merchantId,
    after: endpoint,
  });
  return { endpoint, secret };
}

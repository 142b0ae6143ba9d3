import type { Tx } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import { issueMerchantCredential } from '../merchants/issue-merchant-credential.js';
import type { Actor } from '../staff/record-audit.js';
import { loadWebhookEndpoint, toWebhookEndpoint, type WebhookEndpoint } from './endpoint-record.js';

/**
 * A new signing secret for one endpoint (returned once); the old one still signs, beside it,
 * for `graceSeconds`, so the merchant can deploy the new one without a refused IPN. The primary
 * endpoint's secret is the merchant-wide webhook secret, which also signs return links and
 * reports: rotating it rotates that one.
 */
export async function rotateWebhookEndpointSecret(options: {
  tx: Tx;
  actor: Actor;
  masterKey: Buffer;
  merchantId: string;
  mode: Mode;
  endpointId: string;
  graceSeconds: number;
}): Promise<{ endpoint: WebhookEndpoint; secret: string; graceUntil: string | null }> {
  const { tx } = options;
  const row = await loadWebhookEndpoint({ ...options, db: tx, forUpdate: true });
  const now = Date.now();
  const { secret } = await issueMerchantCredential({
    tx,
    actor: options.actor,
    masterKey: options.masterKey,
    merchantId: options.merchantId,
    kind: 'webhook_secret',
    mode: options.mode,
    endpointId: row.primary ? null : row.id,
    graceSeconds: options.graceSeconds,
  });
  return {
    endpoint: toWebhookEndpoint(row),
    secret,
    graceUntil:
      options.graceSeconds > 0 ? new Date(now + options.graceSeconds * 1000).toISOString() : null,
  };
}

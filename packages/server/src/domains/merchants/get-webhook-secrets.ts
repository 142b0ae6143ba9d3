import type { DbOrTx } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import { type CredentialCache, loadCredentials } from './credential-cache.js';

export type WebhookSecret = { id: string; secret: string; expiresAt: Date | null };

/**
 * The webhook signing secrets of one merchant and mode (and endpoint) that are valid now, newest first: sign
 * with the first; during a rotation's grace period the older one is still listed so messages can
 * carry both signatures and merchants verify with whichever they have deployed.
 */
export async function getWebhookSecrets(options: {
  db: DbOrTx;
  masterKey: Buffer;
  merchantId: string;
  mode: Mode;
  /** One webhook endpoint's own secrets; absent or null: the merchant-wide ones. */
  endpointId?: string | null | undefined;
  now?: Date;
  /** The process's memo of decrypted credentials; without it they are read and decrypted here. */
  credentials?: CredentialCache | undefined;
}): Promise<WebhookSecret[]> {
  const now = options.now ?? new Date();
  const all = options.credentials
    ? ((await options.credentials.get(options.merchantId)) ?? [])
    : await loadCredentials(options);
  return all
    .filter(
      ({ row }) =>
        row.kind === 'webhook_secret' &&
        row.mode === options.mode &&
        row.endpointId === (options.endpointId ?? null) &&
        row.revokedAt === null &&
        (row.expiresAt === null || row.expiresAt > now),
    )
    .sort((a, b) => b.row.createdAt.getTime() - a.row.createdAt.getTime())
    .map(({ row, secret }) => ({ id: row.id, secret, expiresAt: row.expiresAt }));
}

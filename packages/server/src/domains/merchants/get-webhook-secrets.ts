import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Mode, merchantCredentials } from '../../db/schema/index.js';
import { decryptSecret } from '../../infra/secrets.js';

export type WebhookSecret = { id: string; secret: string; expiresAt: Date | null };

/**
 * The webhook signing secrets of one merchant and mode that are valid now, newest first: sign
 * with the first; during a rotation's grace period the older one is still listed so messages can
 * carry both signatures and merchants verify with whichever they have deployed.
 */
export async function getWebhookSecrets(options: {
  db: DbOrTx;
  masterKey: Buffer;
  merchantId: string;
  mode: Mode;
  now?: Date;
}): Promise<WebhookSecret[]> {
  const now = options.now ?? new Date();
  const rows = await options.db
    .select()
    .from(merchantCredentials)
    .where(
      and(
        eq(merchantCredentials.merchantId, options.merchantId),
        eq(merchantCredentials.kind, 'webhook_secret'),
        eq(merchantCredentials.mode, options.mode),
        isNull(merchantCredentials.revokedAt),
        or(isNull(merchantCredentials.expiresAt), gt(merchantCredentials.expiresAt, now)),
      ),
    )
    .orderBy(merchantCredentials.createdAt);
  return rows.reverse().map((row) => ({
    id: row.id,
    secret: decryptSecret({
      masterKey: options.masterKey,
      ciphertext: row.secretCiphertext,
      associatedData: row.id,
    }),
    expiresAt: row.expiresAt,
  }));
}

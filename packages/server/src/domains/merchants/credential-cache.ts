import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { merchantCredentials } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { Cache } from '../../infra/cache.js';
import { memoCache } from '../../infra/memo-cache.js';
import { decryptSecret } from '../../infra/secrets.js';

export type CredentialRow = typeof merchantCredentials.$inferSelect;

/** A credential with its secret decrypted (never leaves the process, never logged). */
export type OpenCredential = { row: CredentialRow; secret: string; secretBytes: Uint8Array };

/** Every credential of a merchant (both kinds, both modes, revoked and expired included). */
export type CredentialCache = Cache<OpenCredential[]>;

/** Reads and decrypts a merchant's credentials (no cache). */
export async function loadCredentials(options: {
  db: DbOrTx;
  masterKey: Buffer;
  merchantId: string;
}): Promise<OpenCredential[]> {
  const rows = await options.db
    .select()
    .from(merchantCredentials)
    .where(eq(merchantCredentials.merchantId, options.merchantId));
  const encoder = new TextEncoder();
  return rows.map((row) => {
    let secret: string;
    try {
      secret = decryptSecret({
        masterKey: options.masterKey,
        ciphertext: row.secretCiphertext,
        associatedData: row.id,
      });
    } catch (error) {
      // A wrong MASTER_KEY must be loud: every merchant would otherwise look like a bad signer.
      throw new AppError('internal_error', {
        internalMessage: `cannot decrypt credential ${row.id} (wrong MASTER_KEY?)`,
        cause: error,
      });
    }
    return { row, secret, secretBytes: encoder.encode(secret) };
  });
}

/**
 * A short in-process memo of each merchant's decrypted credentials. Every merchant API call
 * verifies a JWT against the merchant's API keys and every IPN is signed with its webhook
 * secrets: without this each did a query and an AES-GCM decryption per key, the largest share of
 * a hot merchant's per-request work. Changes made through this process (issue, rotate, revoke)
 * invalidate at once; changes made by another process reach this one within `ttlMs` (the same
 * bound as the merchant cache's, so a revocation or suspension takes effect everywhere within
 * about a second). Decrypted secrets never go to Redis: there is no shared layer below.
 */
export function createCredentialCache(options: {
  db: DbOrTx;
  masterKey: Buffer;
  ttlMs: number;
  maxEntries?: number;
}): CredentialCache {
  const { db, masterKey } = options;
  return memoCache(
    {
      get: (merchantId) => loadCredentials({ db, masterKey, merchantId }),
      invalidate: async () => undefined,
    },
    { ttlMs: options.ttlMs, ...(options.maxEntries ? { maxEntries: options.maxEntries } : {}) },
  );
}

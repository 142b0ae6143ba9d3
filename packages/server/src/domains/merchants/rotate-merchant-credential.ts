import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { merchantCredentials } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../staff/record-audit.js';
import { type CredentialSummary, credentialState } from './credential-record.js';
import { issueMerchantCredential } from './issue-merchant-credential.js';
import { loadMerchantRow } from './merchant-record.js';

/**
 * Rotates one credential: a new one of the same kind and mode is issued (its secret returned
 * once) and this one keeps working for `graceSeconds`. Only the current (active) credential can
 * be rotated; rotating one already in its grace period, expired or revoked is `conflict`. The
 * merchant row is locked first, so two rotations of the same key at once give one new key and
 * one `conflict`, never two new keys.
 */
export async function rotateMerchantCredential(options: {
  tx: Tx;
  actor: Actor;
  masterKey: Buffer;
  merchantId: string;
  credentialId: string;
  graceSeconds: number;
}): Promise<{ credential: CredentialSummary; secret: string }> {
  const { tx, merchantId, credentialId } = options;
  await loadMerchantRow({ tx, merchantId, forUpdate: true });
  const [row] = await tx
    .select()
    .from(merchantCredentials)
    .where(
      and(eq(merchantCredentials.id, credentialId), eq(merchantCredentials.merchantId, merchantId)),
    );
  if (!row)
    throw new AppError('not_found', { message: 'No such credential.', field: 'credentialId' });
  const state = credentialState(row, new Date());
  if (state !== 'active') {
    throw new AppError('conflict', {
      message: `This credential is ${state}; rotate the current one.`,
      field: 'credentialId',
      details: { state },
    });
  }
  return issueMerchantCredential({
    ...options,
    kind: row.kind,
    mode: row.mode,
    endpointId: row.endpointId,
  });
}

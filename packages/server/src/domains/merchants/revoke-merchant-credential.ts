import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { merchantCredentials } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { type CredentialSummary, toCredentialSummary } from './credential-record.js';

/** Revokes a credential at once (no grace): for leaked keys. Revoking twice is harmless. */
export async function revokeMerchantCredential(options: {
  tx: Tx;
  actor: Actor;
  merchantId: string;
  credentialId: string;
}): Promise<CredentialSummary> {
  const { tx, actor, merchantId, credentialId } = options;
  const where = and(
    eq(merchantCredentials.id, credentialId),
    eq(merchantCredentials.merchantId, merchantId),
  );
  const [before] = await tx.select().from(merchantCredentials).where(where).for('update');
  if (!before) {
    throw new AppError('not_found', { message: 'No such credential.', field: 'credentialId' });
  }
  if (before.revokedAt) return toCredentialSummary(before);
  const now = new Date();
  await tx.update(merchantCredentials).set({ revokedAt: now }).where(where);
  const after = { ...before, revokedAt: now };
  await outbox.append({
    tx,
    type: 'merchant.credential_revoked',
    aggregateId: merchantId,
    payload: { merchantId, credentialId, kind: before.kind, mode: before.mode },
  });
  await recordAudit({
    tx,
    actor,
    action: 'merchant.credential_revoked',
    targetType: 'merchant_credential',
    targetId: credentialId,
    merchantId,
    before: { state: toCredentialSummary(before, now).state },
    after: { state: 'revoked' },
  });
  return toCredentialSummary(after, now);
}

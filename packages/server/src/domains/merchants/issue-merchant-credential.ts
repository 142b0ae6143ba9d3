import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { type CredentialKind, type Mode, merchantCredentials } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { newId } from '../../infra/id.js';
import { encryptSecret, randomSecret } from '../../infra/secrets.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import {
  type CredentialSummary,
  credentialPrefix,
  toCredentialSummary,
} from './credential-record.js';
import { loadMerchantRow } from './merchant-record.js';

/**
 * Issues a new API key or webhook secret for one mode. Any credential of the same kind and mode
 * that is still fully active is rotated out: it keeps working for `graceSeconds` (so merchants
 * can deploy the new one without downtime), then is refused. The secret is returned once and
 * only stored encrypted.
 */
export async function issueMerchantCredential(options: {
  tx: Tx;
  actor: Actor;
  masterKey: Buffer;
  merchantId: string;
  kind: CredentialKind;
  mode: Mode;
  /** A webhook secret of this webhook endpoint (rotated apart from the merchant-wide one). */
  endpointId?: string | null | undefined;
  graceSeconds: number;
}): Promise<{ credential: CredentialSummary; secret: string }> {
  const { tx, actor, merchantId, kind, mode } = options;
  const endpointId = kind === 'webhook_secret' ? (options.endpointId ?? null) : null;
  const merchant = await loadMerchantRow({ tx, merchantId, forUpdate: true });
  if (merchant.status === 'closed' || (mode === 'live' && merchant.status !== 'active')) {
    throw new AppError('merchant_not_active', {
      message:
        mode === 'live'
          ? 'Live credentials are issued once the merchant is active.'
          : 'A closed merchant gets no credentials.',
      details: { status: merchant.status },
    });
  }
  const now = new Date();
  const graceUntil = new Date(now.getTime() + options.graceSeconds * 1000);
  const sameSlot = and(
    eq(merchantCredentials.merchantId, merchantId),
    eq(merchantCredentials.kind, kind),
    eq(merchantCredentials.mode, mode),
    endpointId === null
      ? isNull(merchantCredentials.endpointId)
      : eq(merchantCredentials.endpointId, endpointId),
    isNull(merchantCredentials.revokedAt),
  );
  const replaced = await tx
    .select({ id: merchantCredentials.id })
    .from(merchantCredentials)
    .where(and(sameSlot, isNull(merchantCredentials.expiresAt)));
  if (replaced.length > 0) {
    await tx
      .update(merchantCredentials)
      .set({ expiresAt: graceUntil })
      .where(and(sameSlot, isNull(merchantCredentials.expiresAt)));
  }
  // A credential already in its grace period never gets a longer one from a second rotation.
  await tx
    .update(merchantCredentials)
    .set({ expiresAt: graceUntil })
    .where(and(sameSlot, gt(merchantCredentials.expiresAt, graceUntil)));

  const id = newId('key');
  const secret = randomSecret(credentialPrefix(kind, mode));
  await tx.insert(merchantCredentials).values({
    id,
    merchantId,
    kind,
    mode,
    endpointId,
    hint: `${credentialPrefix(kind, mode)}…${secret.slice(-4)}`,
    secretCiphertext: encryptSecret({
      masterKey: options.masterKey,
      plaintext: secret,
      associatedData: id,
    }),
    createdAt: now,
    createdBy: actor.id,
  });
  const [row] = await tx.select().from(merchantCredentials).where(eq(merchantCredentials.id, id));
  if (!row) throw new AppError('internal_error', { internalMessage: 'credential vanished' });
  const replacedIds = replaced.map((r) => r.id);
  await outbox.append({
    tx,
    type: 'merchant.credential_created',
    aggregateId: merchantId,
    payload: {
      merchantId,
      credentialId: id,
      kind,
      mode,
      endpointId,
      replacedIds,
      graceUntil: replacedIds.length > 0 ? graceUntil.toISOString() : null,
    },
  });
  await recordAudit({
    tx,
    actor,
    action: replacedIds.length > 0 ? 'merchant.credential_rotated' : 'merchant.credential_created',
    targetType: 'merchant_credential',
    targetId: id,
    merchantId,
    before: replacedIds.length > 0 ? { replacedIds } : null,
    after: {
      id,
      kind,
      mode,
      hint: row.hint,
      graceUntil: replacedIds.length > 0 ? graceUntil : null,
    },
  });
  return { credential: toCredentialSummary(row, now), secret };
}

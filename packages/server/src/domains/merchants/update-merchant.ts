import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { merchants } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { syncPrimaryEndpoints } from '../webhooks/sync-primary-endpoints.js';
import { loadMerchantRow, type MerchantRecord, toMerchantRecord } from './merchant-record.js';

export type MerchantProfilePatch = Partial<{
  businessName: string;
  website: string;
  contactEmail: string;
  callbackUrl: string;
  ipnUrl: string;
  allowedOrigins: string[];
  /** Orders above this amount need a body signature (null: never). The merchant's choice. */
  signatureThreshold: number | null;
  /** The platform fee in basis points: set by platform admins only (see routers/admin). */
  feeBps: number;
  /** Failed payment attempts an order may take before it ends as `error_checkout`. */
  maxFailedAttempts: number;
  /** Checkout branding (null clears a field). */
  displayName: string | null;
  brandColor: string | null;
  supportEmail: string | null;
  supportUrl: string | null;
  termsUrl: string | null;
  privacyUrl: string | null;
}>;

/** Changes a merchant's profile (not its status). Closed merchants are frozen. */
export async function updateMerchant(options: {
  tx: Tx;
  actor: Actor;
  merchantId: string;
  patch: MerchantProfilePatch;
}): Promise<MerchantRecord> {
  const { tx, actor, merchantId, patch } = options;
  const before = await loadMerchantRow({ tx, merchantId, forUpdate: true });
  if (before.status === 'closed') {
    throw new AppError('merchant_status_invalid', { message: 'A closed merchant cannot change.' });
  }
  const fields = Object.keys(patch).filter(
    (k) => patch[k as keyof MerchantProfilePatch] !== undefined,
  );
  if (fields.length === 0) return toMerchantRecord(before);
  await tx
    .update(merchants)
    .set({
      ...patch,
      ...(patch.contactEmail ? { contactEmail: patch.contactEmail.toLowerCase() } : {}),
      version: sql`${merchants.version} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(merchants.id, merchantId));
  if (patch.ipnUrl !== undefined && patch.ipnUrl !== before.ipnUrl) {
    await syncPrimaryEndpoints({ tx, merchantId, ipnUrl: patch.ipnUrl });
  }
  const after = await loadMerchantRow({ tx, merchantId });
  await outbox.append({
    tx,
    type: 'merchant.updated',
    aggregateId: merchantId,
    payload: { merchantId, version: after.version, fields },
  });
  const pick = (row: typeof before) =>
    Object.fromEntries(fields.map((f) => [f, row[f as keyof typeof row]]));
  await recordAudit({
    tx,
    actor,
    action: 'merchant.updated',
    targetType: 'merchant',
    targetId: merchantId,
    merchantId,
    before: pick(before),
    after: pick(after),
  });
  return toMerchantRecord(after);
}

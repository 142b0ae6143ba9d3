import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { type MerchantStatus, merchants } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { loadMerchantRow, type MerchantRecord, toMerchantRecord } from './merchant-record.js';

/** Allowed moves. `closed` is final: a closed merchant's ids are never reused or reopened. */
const TRANSITIONS: Record<MerchantStatus, readonly MerchantStatus[]> = {
  pending: ['active', 'closed'],
  active: ['suspended', 'closed'],
  suspended: ['active', 'closed'],
  closed: [],
};

/** An admin moves a merchant to another status; event and audit row in the same transaction. */
export async function changeMerchantStatus(options: {
  tx: Tx;
  actor: Actor;
  merchantId: string;
  status: MerchantStatus;
  reason?: string | undefined;
}): Promise<MerchantRecord> {
  const { tx, actor, merchantId, status } = options;
  const before = await loadMerchantRow({ tx, merchantId, forUpdate: true });
  if (!TRANSITIONS[before.status].includes(status)) {
    throw new AppError('merchant_status_invalid', {
      message: `A ${before.status} merchant cannot become ${status}.`,
      field: 'status',
      details: { from: before.status, to: status },
    });
  }
  await tx
    .update(merchants)
    .set({ status, version: sql`${merchants.version} + 1`, updatedAt: new Date() })
    .where(eq(merchants.id, merchantId));
  const after = await loadMerchantRow({ tx, merchantId });
  await outbox.append({
    tx,
    type: 'merchant.status_changed',
    aggregateId: merchantId,
    payload: {
      merchantId,
      from: before.status,
      to: status,
      version: after.version,
      ...(options.reason ? { reason: options.reason } : {}),
    },
  });
  await recordAudit({
    tx,
    actor,
    action: 'merchant.status_changed',
    targetType: 'merchant',
    targetId: merchantId,
    merchantId,
    before: { status: before.status },
    after: { status, reason: options.reason ?? null },
  });
  return toMerchantRecord(after);
}

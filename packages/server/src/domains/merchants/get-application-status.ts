import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog, type MerchantStatus } from '../../db/schema/index.js';
import { loadMerchantRow } from './merchant-record.js';

export type ApplicationStatus = {
  merchantId: string;
  businessName: string;
  status: MerchantStatus;
  submittedAt: string;
  /** When an admin last changed the status, and the reason they gave (null while pending). */
  decidedAt: string | null;
  reason: string | null;
  /** Test keys work from sign-up; live keys and live payments only once approved. */
  testModeAvailable: boolean;
  liveModeAvailable: boolean;
};

/**
 * Where a merchant's onboarding application stands. The owner of a pending merchant can sign in
 * (staff log-in does not look at the merchant's status) and sees this; they can already issue
 * test keys and take test payments while an admin reviews the application.
 */
export async function getApplicationStatus(options: {
  db: DbOrTx;
  merchantId: string;
}): Promise<ApplicationStatus> {
  const row = await loadMerchantRow({ tx: options.db, merchantId: options.merchantId });
  const [decision] = await options.db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.merchantId, options.merchantId),
        eq(auditLog.action, 'merchant.status_changed'),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  const after = (decision?.after ?? null) as { reason?: string | null } | null;
  return {
    merchantId: row.id,
    businessName: row.businessName,
    status: row.status,
    submittedAt: row.createdAt.toISOString(),
    decidedAt: decision?.createdAt.toISOString() ?? null,
    reason: after?.reason ?? null,
    testModeAvailable: row.status !== 'closed',
    liveModeAvailable: row.status === 'active',
  };
}

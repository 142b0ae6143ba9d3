import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

export type AuditEntry = {
  id: number;
  actorType: string;
  actorId: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  merchantId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: string;
};

/** Audit rows newest first, optionally of one merchant; keyset-paginated on the id. */
export async function listAuditLog(options: {
  db: DbOrTx;
  merchantId?: string | undefined;
  limit: number;
  before?: number | undefined;
}): Promise<AuditEntry[]> {
  const rows = await options.db
    .select()
    .from(auditLog)
    .where(
      and(
        options.merchantId ? eq(auditLog.merchantId, options.merchantId) : undefined,
        options.before ? lt(auditLog.id, options.before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(options.limit);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

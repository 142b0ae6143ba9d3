import { eq, gte, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Page, type PageRequest, type PageTotal, pageOf } from '../../db/paginate.js';
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

export type AuditFilter = {
  merchantId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
};

/**
 * Audit rows by merchant, actor, action, target and time; keyset-paginated on the id (the order
 * rows were written in), newest first by default.
 */
export async function listAuditLog(options: {
  db: DbOrTx;
  filter: AuditFilter;
  page: PageRequest<'id'>;
}): Promise<Page<AuditEntry> & PageTotal> {
  const { filter } = options;
  const { rows, nextCursor, total, totalCapped } = await pageOf({
    count: true,
    db: options.db,
    table: auditLog,
    where: [
      filter.merchantId ? eq(auditLog.merchantId, filter.merchantId) : undefined,
      filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
      filter.action ? eq(auditLog.action, filter.action) : undefined,
      filter.targetType ? eq(auditLog.targetType, filter.targetType) : undefined,
      filter.targetId ? eq(auditLog.targetId, filter.targetId) : undefined,
      filter.from ? gte(auditLog.createdAt, filter.from) : undefined,
      filter.to ? lte(auditLog.createdAt, filter.to) : undefined,
    ],
    page: options.page,
    map: (raw) => {
      const row = raw as typeof auditLog.$inferSelect;
      return { ...row, id: Number(row.id), createdAt: row.createdAt.toISOString() };
    },
  });
  return { items: rows, nextCursor, total, totalCapped };
}

import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Page, type PageRequest, pageOf } from '../../db/paginate.js';
import { type Mode, type RefundStatus, refunds } from '../../db/schema/index.js';
import { getOrder } from '../orders/get-order.js';
import { type Refund, toRefund } from './create-refund.js';

/**
 * The refunds of one of the merchant's orders, newest first. Another merchant's order (or the
 * other mode's) is `order_not_found`, exactly as `orders.get` answers, never an empty list.
 */
export async function listRefunds(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  orderId: string;
}): Promise<Refund[]> {
  await getOrder(options);
  const rows = await options.db
    .select()
    .from(refunds)
    .where(
      and(
        eq(refunds.orderId, options.orderId),
        eq(refunds.merchantId, options.merchantId),
        eq(refunds.mode, options.mode),
      ),
    )
    .orderBy(desc(refunds.createdAt));
  return rows.map(toRefund);
}

export const REFUND_SORT_FIELDS = ['createdAt', 'amount'] as const;

/** Refunds as tables show them: by merchant (and mode, order, status, period), paginated. */
export async function searchRefunds(options: {
  db: DbOrTx;
  filter: {
    merchantId?: string | undefined;
    mode?: Mode | undefined;
    orderId?: string | undefined;
    status?: RefundStatus | undefined;
    from?: Date | undefined;
    to?: Date | undefined;
  };
  page: PageRequest<(typeof REFUND_SORT_FIELDS)[number]>;
}): Promise<Page<Refund & { mode: Mode; merchantId: string }>> {
  const { filter } = options;
  const { rows, nextCursor } = await pageOf({
    db: options.db,
    table: refunds,
    where: [
      filter.merchantId ? eq(refunds.merchantId, filter.merchantId) : undefined,
      filter.mode ? eq(refunds.mode, filter.mode) : undefined,
      filter.orderId ? eq(refunds.orderId, filter.orderId) : undefined,
      filter.status ? eq(refunds.status, filter.status) : undefined,
      filter.from ? gte(refunds.createdAt, filter.from) : undefined,
      filter.to ? lte(refunds.createdAt, filter.to) : undefined,
    ],
    page: options.page,
    map: (raw) => {
      const row = raw as typeof refunds.$inferSelect;
      return { ...toRefund(row), mode: row.mode, merchantId: row.merchantId };
    },
  });
  return { items: rows, nextCursor };
}

import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Page, type PageRequest, type PageTotal, pageOf } from '../../db/paginate.js';
import { type Mode, payouts } from '../../db/schema/index.js';
import { type Payout, toPayout } from './create-payout.js';

export const PAYOUT_SORT_FIELDS = ['createdAt', 'amount'] as const;

/** The merchant's payouts in one mode, paginated and sorted on a whitelisted column. */
export async function searchPayouts(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  page: PageRequest<(typeof PAYOUT_SORT_FIELDS)[number] | 'id'>;
}): Promise<Page<Payout> & PageTotal> {
  const { rows, nextCursor, total, totalCapped } = await pageOf({
    count: true,
    db: options.db,
    table: payouts,
    where: [eq(payouts.merchantId, options.merchantId), eq(payouts.mode, options.mode)],
    page: options.page,
    map: (row) => toPayout(row as typeof payouts.$inferSelect),
  });
  return { items: rows, nextCursor, total, totalCapped };
}

/** The merchant's payouts (merchant API), newest first; `cursor` from the previous page. */
export async function listPayouts(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  limit: number;
  cursor?: string | undefined;
}): Promise<{ payouts: Payout[]; nextCursor: string | null }> {
  const page = await searchPayouts({
    ...options,
    page: { limit: options.limit, cursor: options.cursor, sort: { field: 'id', dir: 'desc' } },
  });
  return { payouts: page.items, nextCursor: page.nextCursor };
}

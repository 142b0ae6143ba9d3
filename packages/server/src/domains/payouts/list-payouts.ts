import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Mode, payouts } from '../../db/schema/index.js';
import { type Payout, toPayout } from './create-payout.js';

/** The merchant's payouts, newest first; `cursor` is the last id of the previous page. */
export async function listPayouts(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  limit: number;
  cursor?: string | undefined;
}): Promise<{ payouts: Payout[]; nextCursor: string | null }> {
  const rows = await options.db
    .select()
    .from(payouts)
    .where(
      and(
        eq(payouts.merchantId, options.merchantId),
        eq(payouts.mode, options.mode),
        options.cursor ? lt(payouts.id, options.cursor) : undefined,
      ),
    )
    .orderBy(desc(payouts.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  return {
    payouts: page.map(toPayout),
    nextCursor: rows.length > options.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

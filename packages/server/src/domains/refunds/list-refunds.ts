import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Mode, refunds } from '../../db/schema/index.js';
import { type Refund, toRefund } from './create-refund.js';

/** The refunds of one of the merchant's orders, newest first. */
export async function listRefunds(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  orderId: string;
}): Promise<Refund[]> {
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

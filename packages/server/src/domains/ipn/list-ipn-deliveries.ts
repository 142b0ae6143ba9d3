import { and, desc, eq, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { type IpnStatus, ipnDeliveries, type Mode } from '../../db/schema/index.js';
import {
  decodeCursor,
  encodeCursor,
  type IpnDeliverySummary,
  toIpnDeliverySummary,
} from './ipn-record.js';

const ZDeliveryCursor = z.object({ c: z.number().int().nonnegative(), i: z.string().max(40) });

/**
 * One merchant's IPNs of one mode, newest first, optionally of one order and/or one status.
 * Keyset-paginated on (created_at, id), which the merchant index serves without sorting.
 */
export async function listIpnDeliveries(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  orderId?: string | undefined;
  status?: IpnStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<{ items: IpnDeliverySummary[]; nextCursor: string | null }> {
  const after = options.cursor
    ? decodeCursor(options.cursor, (v) => ZDeliveryCursor.safeParse(v).data)
    : undefined;
  const rows = await options.db
    .select()
    .from(ipnDeliveries)
    .where(
      and(
        eq(ipnDeliveries.merchantId, options.merchantId),
        eq(ipnDeliveries.mode, options.mode),
        options.orderId ? eq(ipnDeliveries.orderId, options.orderId) : undefined,
        options.status ? eq(ipnDeliveries.status, options.status) : undefined,
        after
          ? or(
              lt(ipnDeliveries.createdAt, new Date(after.c)),
              and(eq(ipnDeliveries.createdAt, new Date(after.c)), lt(ipnDeliveries.id, after.i)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(ipnDeliveries.createdAt), desc(ipnDeliveries.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toIpnDeliverySummary),
    nextCursor:
      rows.length > options.limit && last
        ? encodeCursor({ c: last.createdAt.getTime(), i: last.id })
        : null,
  };
}

import { and, desc, eq, gte, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { events, type Mode } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor } from '../ipn/ipn-record.js';
import { type MerchantEvent, toMerchantEvent } from './event-record.js';

const ZEventCursor = z.object({ c: z.number().int().nonnegative(), i: z.string().max(40) });

/**
 * One merchant's events of one mode, newest first, optionally of one type, one order, and a
 * period (`from` inclusive, `to` exclusive). Keyset-paginated on (created_at, id), which the
 * merchant index serves in order.
 */
export async function listEvents(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  type?: string | undefined;
  orderId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<{ items: MerchantEvent[]; nextCursor: string | null }> {
  const after = options.cursor
    ? decodeCursor(options.cursor, (v) => ZEventCursor.safeParse(v).data)
    : undefined;
  const rows = await options.db
    .select()
    .from(events)
    .where(
      and(
        eq(events.merchantId, options.merchantId),
        eq(events.mode, options.mode),
        options.type ? eq(events.type, options.type) : undefined,
        options.orderId ? eq(events.orderId, options.orderId) : undefined,
        options.from ? gte(events.createdAt, options.from) : undefined,
        options.to ? lt(events.createdAt, options.to) : undefined,
        after
          ? or(
              lt(events.createdAt, new Date(after.c)),
              and(eq(events.createdAt, new Date(after.c)), lt(events.id, after.i)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(events.createdAt), desc(events.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toMerchantEvent),
    nextCursor:
      rows.length > options.limit && last
        ? encodeCursor({ c: last.createdAt.getTime(), i: last.id })
        : null,
  };
}

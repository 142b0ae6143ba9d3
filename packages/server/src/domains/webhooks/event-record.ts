import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { events, type Mode } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { IpnBody } from '../ipn/enqueue-ipn.js';

export type EventRow = typeof events.$inferSelect;

/** An event as the events API shows it: exactly the body endpoints receive, plus `orderId`. */
export type MerchantEvent = IpnBody & { mode: Mode; orderId: string | null; createdAt: string };

export function toMerchantEvent(row: EventRow): MerchantEvent {
  const body = row.body as IpnBody;
  return {
    ...body,
    mode: row.mode,
    orderId: row.orderId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** One event of this merchant and mode; another's (or one past retention) is not found. */
export async function loadEvent(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  eventId: string;
}): Promise<EventRow> {
  const [row] = await options.db
    .select()
    .from(events)
    .where(
      and(
        eq(events.id, options.eventId),
        eq(events.merchantId, options.merchantId),
        eq(events.mode, options.mode),
      ),
    );
  if (!row) throw new AppError('event_not_found', { field: 'eventId' });
  return row;
}

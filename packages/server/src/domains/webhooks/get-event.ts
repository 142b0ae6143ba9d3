import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ipnDeliveries, type Mode } from '../../db/schema/index.js';
import { type IpnDeliverySummary, toIpnDeliverySummary } from '../ipn/ipn-record.js';
import { loadEvent, type MerchantEvent, toMerchantEvent } from './event-record.js';

/** One event with its deliveries (one per endpoint it went to) and their state. */
export async function getEvent(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  eventId: string;
}): Promise<{ event: MerchantEvent; deliveries: Omit<IpnDeliverySummary, 'body'>[] }> {
  const row = await loadEvent(options);
  const deliveries = await options.db
    .select()
    .from(ipnDeliveries)
    .where(and(eq(ipnDeliveries.eventId, row.id), eq(ipnDeliveries.merchantId, options.merchantId)))
    .orderBy(asc(ipnDeliveries.createdAt), asc(ipnDeliveries.id));
  return {
    event: toMerchantEvent(row),
    deliveries: deliveries.map((d) => {
      const { body: _body, ...summary } = toIpnDeliverySummary(d);
      return summary;
    }),
  };
}

import { and, desc, eq, gte, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { ipnAttempts, ipnDeliveries, type Mode } from '../../db/schema/index.js';
import {
  decodeCursor,
  encodeCursor,
  type IpnAttemptSummary,
  toIpnAttemptSummary,
} from './ipn-record.js';

export const IPN_ATTEMPT_OUTCOMES = ['success', 'failure'] as const;
export type IpnAttemptOutcome = (typeof IPN_ATTEMPT_OUTCOMES)[number];

const ZAttemptCursor = z.object({ i: z.number().int().positive() });

/**
 * One merchant's delivery attempts, newest first, optionally of one delivery or one order, one
 * mode, and only the successes (2xx) or the failures. Scoped through the delivery row, so an id
 * of another merchant's delivery simply lists nothing. Keyset-paginated on the attempt id.
 */
export async function listIpnAttempts(options: {
  db: DbOrTx;
  merchantId: string;
  mode?: Mode | undefined;
  deliveryId?: string | undefined;
  orderId?: string | undefined;
  outcome?: IpnAttemptOutcome | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<{ items: IpnAttemptSummary[]; nextCursor: string | null }> {
  const after = options.cursor
    ? decodeCursor(options.cursor, (v) => ZAttemptCursor.safeParse(v).data)
    : undefined;
  const succeeded = and(gte(ipnAttempts.statusCode, 200), lt(ipnAttempts.statusCode, 300));
  const rows = await options.db
    .select({ attempt: ipnAttempts })
    .from(ipnAttempts)
    .innerJoin(ipnDeliveries, eq(ipnDeliveries.id, ipnAttempts.deliveryId))
    .where(
      and(
        eq(ipnDeliveries.merchantId, options.merchantId),
        options.mode ? eq(ipnDeliveries.mode, options.mode) : undefined,
        options.deliveryId ? eq(ipnAttempts.deliveryId, options.deliveryId) : undefined,
        options.orderId ? eq(ipnDeliveries.orderId, options.orderId) : undefined,
        options.outcome === 'success' ? succeeded : undefined,
        options.outcome === 'failure'
          ? or(
              isNull(ipnAttempts.statusCode),
              lt(ipnAttempts.statusCode, 200),
              gte(ipnAttempts.statusCode, 300),
            )
          : undefined,
        after ? lt(ipnAttempts.id, after.i) : undefined,
      ),
    )
    .orderBy(desc(ipnAttempts.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit).map((r) => r.attempt);
  const last = page[page.length - 1];
  return {
    items: page.map(toIpnAttemptSummary),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ i: last.id }) : null,
  };
}

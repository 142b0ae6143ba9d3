import { and, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  ipnDeliveries,
  merchantCredentials,
  orderHistory,
  orders,
  staffUsers,
} from '../../db/schema/index.js';
import { getMerchantBalance } from '../checkout/get-merchant-balance.js';
import { loadMerchantRow, toMerchantRecord } from './merchant-record.js';

/**
 * One merchant for the admin portal: the profile (status, fee), its balances in both modes, its
 * staff, and counts (orders by status, live and archived; IPN deliveries that gave up; active
 * credentials).
 */
export async function getMerchantDetail(options: { db: DbOrTx; merchantId: string }) {
  const { db, merchantId } = options;
  const row = await loadMerchantRow({ tx: db, merchantId });
  const byStatus = (table: typeof orders | typeof orderHistory) =>
    db
      .select({ status: table.status, n: count() })
      .from(table)
      .where(eq(table.merchantId, merchantId))
      .groupBy(table.status);
  const [test, live, live_, archived, failedIpns, staff, credentials] = await Promise.all([
    getMerchantBalance({ db, merchantId, mode: 'test' }),
    getMerchantBalance({ db, merchantId, mode: 'live' }),
    byStatus(orders),
    byStatus(orderHistory),
    db
      .select({ n: count() })
      .from(ipnDeliveries)
      .where(and(eq(ipnDeliveries.merchantId, merchantId), eq(ipnDeliveries.status, 'failed'))),
    db
      .select({
        id: staffUsers.id,
        email: staffUsers.email,
        name: staffUsers.name,
        role: staffUsers.role,
        disabled: staffUsers.disabledAt,
      })
      .from(staffUsers)
      .where(eq(staffUsers.merchantId, merchantId)),
    db
      .select({ mode: merchantCredentials.mode, kind: merchantCredentials.kind, n: count() })
      .from(merchantCredentials)
      .where(eq(merchantCredentials.merchantId, merchantId))
      .groupBy(merchantCredentials.mode, merchantCredentials.kind),
  ]);
  const ordersByStatus: Record<string, number> = {};
  for (const r of [...live_, ...archived]) {
    ordersByStatus[r.status] = (ordersByStatus[r.status] ?? 0) + Number(r.n);
  }
  return {
    merchant: toMerchantRecord(row),
    balances: { test, live },
    counts: {
      orders: Object.values(ordersByStatus).reduce((a, b) => a + b, 0),
      ordersByStatus,
      failedIpnDeliveries: Number(failedIpns[0]?.n ?? 0),
      credentials: credentials.map((c) => ({ mode: c.mode, kind: c.kind, count: Number(c.n) })),
    },
    staff: staff.map((s) => ({
      id: s.id,
      email: s.email,
      name: s.name,
      role: s.role,
      disabled: s.disabled !== null,
    })),
  };
}

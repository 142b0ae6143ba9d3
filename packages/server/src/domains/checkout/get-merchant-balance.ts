import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ledgerAccounts, type Mode } from '../../db/schema/index.js';

export type MerchantBalance = {
  currency: string;
  /** Posted balance. */
  balance: number;
  /** Reserved by pending payouts and provider refunds. */
  pending: number;
  /** What a payout may take now. */
  available: number;
};

/** The merchant's balance per currency in the caller's mode. */
export async function getMerchantBalance(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
}): Promise<MerchantBalance[]> {
  const rows = await options.db
    .select()
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.ownerType, 'merchant'),
        eq(ledgerAccounts.ownerId, options.merchantId),
        eq(ledgerAccounts.kind, 'merchant_balance'),
        eq(ledgerAccounts.mode, options.mode),
      ),
    );
  return rows.map((r) => ({
    currency: r.currency,
    balance: Number(r.balance),
    pending: Number(r.pendingDebits),
    available: Number(r.balance) - Number(r.pendingDebits),
  }));
}

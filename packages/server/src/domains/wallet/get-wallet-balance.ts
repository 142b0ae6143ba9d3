import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ledgerAccounts, type Mode } from '../../db/schema/index.js';

export type WalletBalance = {
  currency: string;
  mode: Mode;
  /** Posted balance, minor units. */
  balance: number;
  /** Reserved by withdrawals the provider has not paid out yet. */
  pending: number;
  /** What can be spent or withdrawn now. */
  available: number;
};

/** The shopper's wallets, one per currency and mode (test money from the sandbox is `test`). */
export async function getWalletBalance(options: {
  db: DbOrTx;
  userId: string;
}): Promise<WalletBalance[]> {
  const rows = await options.db
    .select()
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.ownerType, 'shopper'),
        eq(ledgerAccounts.ownerId, options.userId),
        eq(ledgerAccounts.kind, 'shopper_wallet'),
      ),
    );
  return rows.map((r) => ({
    currency: r.currency,
    mode: r.mode,
    balance: Number(r.balance),
    pending: Number(r.pendingDebits),
    available: Number(r.balance) - Number(r.pendingDebits),
  }));
}

import type { DbOrTx } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import { type HistoryItem, listAccountHistory } from '../ledger/list-account-history.js';

export type WalletHistoryItem = HistoryItem;

/**
 * The movements of one of the shopper's wallets, newest first, each with the balance after it
 * (the ledger's postings). Cursor-paginated: pass `nextCursor` back for the next, older, page.
 */
export async function listWalletHistory(options: {
  db: DbOrTx;
  userId: string;
  currency: string;
  mode: Mode;
  limit: number;
  cursor?: string | undefined;
}): Promise<{ items: WalletHistoryItem[]; nextCursor: string | null }> {
  const { userId, ...rest } = options;
  return listAccountHistory({
    ...rest,
    ownerType: 'shopper',
    ownerId: userId,
    kind: 'shopper_wallet',
  });
}

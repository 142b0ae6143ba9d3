import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ledgerAccounts, ledgerTransfers, type Mode } from '../../db/schema/index.js';
import type { TransferKind } from '../ledger/index.js';
import { listPostings } from '../ledger/index.js';

export type WalletHistoryItem = {
  /** The posting's id; also what `cursor` takes. */
  id: string;
  transferId: string;
  kind: TransferKind;
  /** Signed minor units: positive into the wallet, negative out of it. */
  amount: number;
  balanceAfter: number;
  createdAt: string;
};

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
  const { db } = options;
  // Looked up, not opened: reading a history must not create a wallet.
  const [account] = await db
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.ownerType, 'shopper'),
        eq(ledgerAccounts.ownerId, options.userId),
        eq(ledgerAccounts.kind, 'shopper_wallet'),
        eq(ledgerAccounts.currency, options.currency),
        eq(ledgerAccounts.mode, options.mode),
      ),
    );
  if (!account) return { items: [], nextCursor: null };
  const page = await listPostings({
    db,
    accountId: account.id,
    limit: options.limit,
    ...(options.cursor ? { cursor: options.cursor } : {}),
  });
  const transferIds = [...new Set(page.items.map((p) => p.transferId))];
  const kinds = new Map(
    transferIds.length === 0
      ? []
      : (
          await db
            .select({ id: ledgerTransfers.id, kind: ledgerTransfers.kind })
            .from(ledgerTransfers)
            .where(inArray(ledgerTransfers.id, transferIds))
        ).map((t) => [t.id, t.kind]),
  );
  return {
    items: page.items.map((p) => ({
      id: String(p.id),
      transferId: p.transferId,
      kind: kinds.get(p.transferId) ?? 'adjustment',
      amount: p.amount,
      balanceAfter: p.balanceAfter,
      createdAt: p.createdAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}

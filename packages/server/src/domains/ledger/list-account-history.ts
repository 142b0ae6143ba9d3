import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  type ACCOUNT_KINDS,
  ledgerAccounts,
  ledgerTransfers,
  type Mode,
  type OWNER_TYPES,
} from '../../db/schema/index.js';
import { listPostings } from './balances.js';
import type { TransferKind } from './types.js';

export type HistoryItem = {
  /** The posting's number in the account (also what `cursor` takes). */
  id: string;
  transferId: string;
  kind: TransferKind;
  /** Signed minor units: positive into the account, negative out of it. */
  amount: number;
  /** The running balance: the account's balance right after this posting. */
  balanceAfter: number;
  createdAt: string;
};

/**
 * The movements of one owner's account (a shopper's wallet, a merchant's balance), newest first,
 * each with the balance after it (the ledger's postings) and the transfer's kind. The account
 * is looked up, never opened: reading a history must not create an account.
 */
export async function listAccountHistory(options: {
  db: DbOrTx;
  ownerType: (typeof OWNER_TYPES)[number];
  ownerId: string;
  kind: (typeof ACCOUNT_KINDS)[number];
  currency: string;
  mode: Mode;
  limit: number;
  cursor?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}): Promise<{ items: HistoryItem[]; nextCursor: string | null }> {
  const { db } = options;
  const [account] = await db
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.ownerType, options.ownerType),
        eq(ledgerAccounts.ownerId, options.ownerId),
        eq(ledgerAccounts.kind, options.kind),
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
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
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

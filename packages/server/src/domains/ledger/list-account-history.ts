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
  /** What the movement belongs to, so a history line can link to it (null: none to show). */
  source: TransferSource | null;
};

export type TransferSource =
  | { type: 'order'; id: string }
  | { type: 'refund'; id: string; orderId: string | null }
  | { type: 'payout'; id: string };

/**
 * The order, refund or payout a transfer was made for, from what its writer stored: refunds and
 * payouts key their transfers `refund:<id>` / `payout:<id>`; payments, fees, reversals and
 * exception resolutions carry the order id as their reference.
 */
export function transferSource(t: {
  idempotencyKey: string;
  reference: string | null;
}): TransferSource | null {
  const [prefix, id] = t.idempotencyKey.split(':');
  if (prefix === 'refund' && id) {
    return { type: 'refund', id, orderId: t.reference?.startsWith('ord_') ? t.reference : null };
  }
  if (prefix === 'payout' && id) return { type: 'payout', id };
  if (t.reference?.startsWith('ord_')) return { type: 'order', id: t.reference };
  return null;
}

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
  const transfers = new Map(
    transferIds.length === 0
      ? []
      : (
          await db
            .select({
              id: ledgerTransfers.id,
              kind: ledgerTransfers.kind,
              idempotencyKey: ledgerTransfers.idempotencyKey,
              reference: ledgerTransfers.reference,
            })
            .from(ledgerTransfers)
            .where(inArray(ledgerTransfers.id, transferIds))
        ).map((t) => [t.id, t]),
  );
  return {
    items: page.items.map((p) => ({
      id: String(p.id),
      transferId: p.transferId,
      kind: transfers.get(p.transferId)?.kind ?? 'adjustment',
      amount: p.amount,
      balanceAfter: p.balanceAfter,
      createdAt: p.createdAt.toISOString(),
      source: (() => {
        const t = transfers.get(p.transferId);
        return t ? transferSource(t) : null;
      })(),
    })),
    nextCursor: page.nextCursor,
  };
}

import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { ledgerAccounts, ledgerPostings } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { invalidInput } from './errors.js';
import { ZAccountId } from './schemas.js';

export type Balance = {
  accountId: string;
  currency: string;
  /** Posted balance, minor units. */
  balance: number;
  /** Reserved by pending transfers out of / into the account. */
  pendingDebits: number;
  pendingCredits: number;
  /** What can be spent now: balance minus pending debits. */
  available: number;
};

/** The account's balance, with what pending transfers hold. */
export async function getBalance(options: { db: DbOrTx; accountId: string }): Promise<Balance> {
  const [row] = await options.db
    .select()
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.id, options.accountId))
    .limit(1);
  if (!row) {
    throw new AppError('account_not_found', {
      message: `Account ${options.accountId} does not exist.`,
      field: 'accountId',
    });
  }
  const balance = Number(row.balance);
  const pendingDebits = Number(row.pendingDebits);
  return {
    accountId: row.id,
    currency: row.currency,
    balance,
    pendingDebits,
    pendingCredits: Number(row.pendingCredits),
    available: balance - pendingDebits,
  };
}

export type Posting = {
  /** The posting's number in its account's history (1 = its first); unique per account. */
  id: number;
  transferId: string;
  amount: number;
  balanceAfter: number;
  createdAt: Date;
};

const ZHistory = z.object({
  accountId: ZAccountId,
  from: z.date().optional(),
  to: z.date().optional(),
  cursor: z
    .string()
    .regex(/^\d{1,20}$/, 'not a cursor')
    .optional(),
  limit: z.number().int().min(1).max(500).default(50),
});

/**
 * The account's postings, newest first, each with the balance after it. Cursor-paginated: pass
 * `nextCursor` back to get the next (older) page; `from`/`to` bound the time range (inclusive).
 */
export async function listPostings(options: {
  db: DbOrTx;
  accountId: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit?: number;
}): Promise<{ items: Posting[]; nextCursor: string | null }> {
  const { db, ...rest } = options;
  const parsed = ZHistory.safeParse(rest);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { accountId, from, to, cursor, limit } = parsed.data;
  const rows = await db
    .select({
      id: ledgerPostings.seq,
      transferId: ledgerPostings.transferId,
      amount: ledgerPostings.amount,
      balanceAfter: ledgerPostings.balanceAfter,
      createdAt: ledgerPostings.createdAt,
    })
    .from(ledgerPostings)
    .where(
      and(
        eq(ledgerPostings.accountId, accountId),
        cursor ? lt(ledgerPostings.seq, Number(cursor)) : undefined,
        from ? gte(ledgerPostings.createdAt, from) : undefined,
        to ? lte(ledgerPostings.createdAt, to) : undefined,
      ),
    )
    .orderBy(desc(ledgerPostings.seq))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({
    ...r,
    amount: Number(r.amount),
    balanceAfter: Number(r.balanceAfter),
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
}

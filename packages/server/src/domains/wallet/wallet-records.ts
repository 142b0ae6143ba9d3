import type { Mode, providerPayments, withdrawals } from '../../db/schema/index.js';

export type Deposit = {
  id: string;
  cardId: string | null;
  amount: number;
  currency: string;
  mode: Mode;
  /** `pending`: the provider has not answered yet; the wallet is credited when it does. */
  status: 'pending' | 'succeeded' | 'failed';
  failureCode: string | null;
  createdAt: string;
};

export function toDeposit(row: typeof providerPayments.$inferSelect): Deposit {
  return {
    id: row.id,
    cardId: row.savedCardId,
    amount: Number(row.amount),
    currency: row.currency,
    mode: row.mode,
    status: row.status === 'created' ? 'pending' : row.status,
    failureCode: row.failureCode,
    createdAt: row.createdAt.toISOString(),
  };
}

export type Withdrawal = {
  id: string;
  amount: number;
  currency: string;
  mode: Mode;
  provider: string;
  status: 'pending' | 'paid' | 'failed';
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
};

export function toWithdrawal(row: typeof withdrawals.$inferSelect): Withdrawal {
  return {
    id: row.id,
    amount: Number(row.amount),
    currency: row.currency,
    mode: row.mode,
    provider: row.provider,
    status: row.status,
    failureCode: row.failureCode,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

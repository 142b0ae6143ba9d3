import {
  createLedgerWriter,
  createTransfer,
  type LedgerWriter,
  openAccount,
  openSystemAccount,
} from '../domains/ledger/index.js';
import type { Account } from '../domains/ledger/types.js';
import { outbox } from '../events/index.js';
import type { TestEnv } from './harness.js';

/** A ledger writer on the test database. */
export function testWriter(
  t: TestEnv,
  options: { batchSize?: number; maxWaitMs?: number } = {},
): LedgerWriter {
  return createLedgerWriter({ pool: t.database.pool, outbox, logger: t.logger, ...options });
}

let seq = 0;
export function uniqueOwner(prefix = 'own'): string {
  seq++;
  return `${prefix}_${Date.now().toString(36)}${seq}${Math.random().toString(36).slice(2, 8)}`;
}

/** A fresh shopper wallet funded with `amount` through a deposit from the sandbox clearing account. */
export async function fundedWallet(
  t: TestEnv,
  writer: LedgerWriter,
  amount: number,
  currency = 'EUR',
): Promise<Account> {
  const wallet = await openAccount({
    db: t.database.db,
    ownerType: 'shopper',
    ownerId: uniqueOwner('usr'),
    kind: 'shopper_wallet',
    currency,
  });
  if (amount > 0) {
    const clearing = await openSystemAccount({
      db: t.database.db,
      kind: 'provider_clearing',
      provider: 'sandbox',
      currency,
    });
    await createTransfer({
      writer,
      idempotencyKey: `fund:${wallet.id}`,
      debitAccountId: clearing.id,
      creditAccountId: wallet.id,
      amount,
      currency,
      kind: 'deposit',
    });
  }
  return wallet;
}

export async function merchantAccount(t: TestEnv, currency = 'EUR'): Promise<Account> {
  return openAccount({
    db: t.database.db,
    ownerType: 'merchant',
    ownerId: uniqueOwner('mch'),
    kind: 'merchant_balance',
    currency,
  });
}

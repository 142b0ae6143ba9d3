import { and, eq, isNull } from 'drizzle-orm';
import { isDuplicateKey } from '../../db/errors.js';
import { type Mode, withdrawals } from '../../db/schema/index.js';
import { AppError, isAppError } from '../../errors.js';
import { idFromKey, newId } from '../../infra/id.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { createTransfer } from '../ledger/index.js';
import { providerForNewPayment } from '../providers/provider-record.js';
import { assertCurrencySupported } from '../settings/assert-currency-supported.js';
import { resolveWithdrawal, withdrawalTransferKey } from './resolve-withdrawal.js';
import type { Withdrawal } from './wallet-records.js';

/**
 * Pays part of the shopper's wallet out through a provider. The amount is reserved first (a
 * two-phase ledger transfer wallet -> payout clearing, so concurrent withdrawals can never
 * overdraw: the ledger refuses with `insufficient_funds` and nothing moves), then the provider is
 * asked (see resolveWithdrawal). With an Idempotency-Key the withdrawal's id, its ledger key and
 * its provider payout id all derive from it, so a retried request reserves and pays out once.
 */
export async function withdrawFromWallet(options: {
  services: PaymentServices;
  userId: string;
  amount: number;
  currency: string;
  provider: string;
  /** Which wallet pays out: test (the default) or live. */
  mode?: Mode | undefined;
  destination: Record<string, string>;
  idempotencyKey?: string | undefined;
}): Promise<Withdrawal> {
  const { services, userId } = options;
  await assertCurrencySupported({ settings: services.settings, currency: options.currency });
  const mode = options.mode ?? 'test';
  const adapter = await providerForNewPayment({
    providers: services.providers,
    gate: services.providerGate,
    name: options.provider,
    mode,
  });
  const id = options.idempotencyKey
    ? idFromKey('wd', 'withdraw', userId, options.idempotencyKey)
    : newId('wd');
  const [earlier] = await services.db.select().from(withdrawals).where(eq(withdrawals.id, id));
  if (
    earlier &&
    (Number(earlier.amount) !== options.amount ||
      earlier.currency !== options.currency ||
      earlier.mode !== mode ||
      earlier.provider !== adapter.name)
  ) {
    // The same key long after its idempotency record expired, for another withdrawal.
    throw new AppError('idempotency_key_reused', {
      message: 'This Idempotency-Key was already used for another withdrawal.',
      field: 'Idempotency-Key',
    });
  }
  // A retry: finish what the first attempt started (an unreserved one is reserved below).
  if (earlier && (earlier.transferId || earlier.status !== 'pending')) {
    return resolveWithdrawal({ services, withdrawal: earlier });
  }

  const [wallet, clearing] = await Promise.all([
    services.accounts.wallet(userId, options.currency, mode),
    services.accounts.platform('payout_clearing', options.currency, mode),
  ]);
  // Recorded before the money is reserved, so a crash in between leaves a row the stuck checker
  // finds (and a reservation it can match by key), never a reservation nobody knows about.
  try {
    await services.db.insert(withdrawals).values({
      id,
      userId,
      mode,
      amount: options.amount,
      currency: options.currency,
      provider: adapter.name,
      destination: options.destination,
      status: 'pending',
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  let transferId: string;
  try {
    // No timeout on the reservation: voiding it while the provider might still pay would let the
    // money leave twice. An unanswered withdrawal is resolved by asking the provider again.
    const { transfer } = await createTransfer({
      writer: services.ledger,
      idempotencyKey: withdrawalTransferKey(id),
      debitAccountId: wallet,
      creditAccountId: clearing,
      amount: options.amount,
      currency: options.currency,
      kind: 'withdrawal',
      reference: id,
      pending: true,
    });
    transferId = transfer.id;
  } catch (error) {
    // Refused (insufficient funds, …): nothing moved, so nothing is kept either.
    if (isAppError(error) && error.status < 500) {
      await services.db
        .delete(withdrawals)
        .where(and(eq(withdrawals.id, id), isNull(withdrawals.transferId)));
    }
    throw error;
  }
  await services.db
    .update(withdrawals)
    .set({ transferId, updatedAt: new Date() })
    .where(eq(withdrawals.id, id));
  const [row] = await services.db.select().from(withdrawals).where(eq(withdrawals.id, id));
  if (!row) throw new Error(`withdrawal ${id} vanished`);
  return resolveWithdrawal({ services, withdrawal: row });
}

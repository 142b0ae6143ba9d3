import { and, eq, isNull } from 'drizzle-orm';
import { withdrawals } from '../../db/schema/index.js';
import { isAppError } from '../../errors.js';
import { findTransferByKey } from '../checkout/find-transfer-by-key.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { postTransfer, voidTransfer } from '../ledger/index.js';
import { assertProviderServes } from '../providers/assert-provider-serves.js';
import { toWithdrawal, type Withdrawal } from './wallet-records.js';

type Row = typeof withdrawals.$inferSelect;

/** The ledger key of a withdrawal's reservation: one reservation per withdrawal, however retried. */
export const withdrawalTransferKey = (withdrawalId: string) => `wd:${withdrawalId}`;

async function reload(services: PaymentServices, id: string): Promise<Row> {
  const [row] = await services.db.select().from(withdrawals).where(eq(withdrawals.id, id));
  if (!row) throw new Error(`withdrawal ${id} vanished`);
  return row;
}

/** Posting or voiding twice (a retry racing the stuck checker) is the same outcome, not a fault. */
async function settleTransfer(
  services: PaymentServices,
  transferId: string,
  how: 'post' | 'void',
): Promise<void> {
  try {
    if (how === 'post') await postTransfer({ writer: services.ledger, transferId });
    else await voidTransfer({ writer: services.ledger, transferId });
  } catch (error) {
    const done = how === 'post' ? 'transfer_already_posted' : 'transfer_already_voided';
    if (!(isAppError(error) && error.code === done)) throw error;
  }
}

/**
 * Asks the provider to pay a pending withdrawal out and applies its answer: paid posts the
 * reservation (the money leaves the wallet), failed voids it (the money is available again), no
 * answer leaves it pending. The withdrawal's id is the provider's payout id, so asking again, by
 * a retried request or the stuck checker, never pays twice; with the sandbox, asking again is how
 * the answer of a payout whose reply was lost is learnt.
 */
export async function resolveWithdrawal(options: {
  services: PaymentServices;
  withdrawal: Row;
}): Promise<Withdrawal> {
  const { services, withdrawal } = options;
  if (withdrawal.status !== 'pending') return toWithdrawal(withdrawal);
  let transferId = withdrawal.transferId;
  if (transferId === null) {
    // Interrupted between recording and reserving: reserved after all, or nothing happened.
    const reserved = await findTransferByKey({
      db: services.db,
      key: withdrawalTransferKey(withdrawal.id),
    });
    if (!reserved) {
      await services.db
        .update(withdrawals)
        .set({ status: 'failed', failureCode: 'interrupted', updatedAt: new Date() })
        .where(and(eq(withdrawals.id, withdrawal.id), isNull(withdrawals.transferId)));
      return toWithdrawal(await reload(services, withdrawal.id));
    }
    transferId = reserved.id;
    await services.db
      .update(withdrawals)
      .set({ transferId, updatedAt: new Date() })
      .where(eq(withdrawals.id, withdrawal.id));
  }
  const adapter = services.providers.get(withdrawal.provider);
  if (!adapter) return toWithdrawal(withdrawal);
  // Reserved money of a mode the provider does not serve stays reserved for staff to void.
  assertProviderServes({ adapter, mode: withdrawal.mode });
  let result: Awaited<ReturnType<typeof adapter.payout>>;
  try {
    result = await adapter.payout({
      payoutId: withdrawal.id,
      amount: Number(withdrawal.amount),
      currency: withdrawal.currency,
      destination: withdrawal.destination,
    });
  } catch (error) {
    // The money stays reserved: nobody can spend it while the provider might still pay it out.
    services.logger.warn({ err: error, withdrawalId: withdrawal.id }, 'withdrawal: no answer');
    return toWithdrawal(await reload(services, withdrawal.id));
  }
  const paid = result.status === 'paid';
  await settleTransfer(services, transferId, paid ? 'post' : 'void');
  await services.db
    .update(withdrawals)
    .set({
      status: paid ? 'paid' : 'failed',
      providerPayoutId: result.providerPayoutId,
      failureCode: paid ? null : (result.failureCode ?? 'declined'),
      updatedAt: new Date(),
    })
    .where(and(eq(withdrawals.id, withdrawal.id), eq(withdrawals.status, 'pending')));
  return toWithdrawal(await reload(services, withdrawal.id));
}

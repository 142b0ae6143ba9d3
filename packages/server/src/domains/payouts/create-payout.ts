import { and, eq, isNull } from 'drizzle-orm';
import { affectedRows } from '../../db/errors.js';
import { type Mode, payouts } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { idFromKey, newId } from '../../infra/id.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { createTransfer, postTransfer, voidTransfer } from '../ledger/index.js';
import { providerForNewPayment } from '../providers/provider-record.js';
import { assertCurrencySupported } from '../settings/assert-currency-supported.js';
import { publishEvent } from '../webhooks/publish-event.js';

export type Payout = {
  id: string;
  amount: number;
  currency: string;
  provider: string;
  status: 'pending' | 'paid' | 'failed';
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
};

export function toPayout(row: typeof payouts.$inferSelect): Payout {
  return {
    id: row.id,
    amount: Number(row.amount),
    currency: row.currency,
    provider: row.provider,
    status: row.status,
    failureCode: row.failureCode,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Writes a payout's new state; reaching `paid` or `failed` publishes `payout.paid` /
 * `payout.failed` in the same transaction, once (only the write that moves it out of `pending`
 * does).
 */
async function setStatus(
  services: PaymentServices,
  id: string,
  patch: Partial<typeof payouts.$inferInsert>,
): Promise<Payout> {
  return services.db.transaction(async (tx) => {
    const now = new Date();
    const result = await tx
      .update(payouts)
      .set({ ...patch, updatedAt: now })
      .where(and(eq(payouts.id, id), eq(payouts.status, 'pending')));
    const [row] = await tx.select().from(payouts).where(eq(payouts.id, id));
    if (!row) throw new Error('payout vanished');
    const payout = toPayout(row);
    if (affectedRows(result) === 1 && (row.status === 'paid' || row.status === 'failed')) {
      await publishEvent({
        tx,
        merchantId: row.merchantId,
        mode: row.mode,
        orderId: null,
        // A payout has one final event.
        seq: 1,
        type: `payout.${row.status}`,
        data: { payout: { ...payout, mode: row.mode } },
        now,
        retryWindowMs: services.config.ipnRetryWindowMs,
      });
    }
    return payout;
  });
}

/**
 * Pays part of a merchant's balance out through a provider. The amount is reserved first (a
 * two-phase ledger transfer merchant balance -> payout clearing, so it cannot be spent twice and
 * an overdraft is refused), then the provider is asked; paid: the transfer is posted, refused:
 * voided and the money is available again. With an Idempotency-Key the ledger reservation is
 * keyed by it, so a retried request reserves once.
 */
export async function createPayout(options: {
  services: PaymentServices;
  merchantId: string;
  mode: Mode;
  amount: number;
  currency: string;
  provider: string;
  destination: Record<string, string>;
  idempotencyKey?: string | undefined;
}): Promise<Payout> {
  const { services } = options;
  await assertCurrencySupported({ settings: services.settings, currency: options.currency });
  const adapter = await providerForNewPayment({
    providers: services.providers,
    gate: services.providerGate,
    name: options.provider,
    mode: options.mode,
  });
  // With an Idempotency-Key the payout's id derives from it: a retry after a crash finds the same
  // payout (and its ledger reservation, keyed by the id) instead of starting a second one.
  const id = options.idempotencyKey
    ? idFromKey('po', 'payout', options.merchantId, options.mode, options.idempotencyKey)
    : newId('po');
  const [existing] = await services.db.select().from(payouts).where(eq(payouts.id, id));
  if (existing && existing.status !== 'pending') return toPayout(existing);
  if (
    existing &&
    (Number(existing.amount) !== options.amount || existing.currency !== options.currency)
  ) {
    throw new AppError('idempotency_key_reused');
  }
  const [merchantAccount, clearing] = await Promise.all([
    services.accounts.merchantBalance(options.merchantId, options.currency, options.mode),
    services.accounts.platform('payout_clearing', options.currency, options.mode),
  ]);
  if (!existing) {
    const now = new Date();
    await services.db.insert(payouts).values({
      id,
      merchantId: options.merchantId,
      mode: options.mode,
      amount: options.amount,
      currency: options.currency,
      provider: adapter.name,
      destination: options.destination,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
    });
  }
  let transfer: Awaited<ReturnType<typeof createTransfer>>['transfer'];
  try {
    ({ transfer } = await createTransfer({
      writer: services.ledger,
      idempotencyKey: `payout:${id}`,
      debitAccountId: merchantAccount,
      creditAccountId: clearing,
      amount: options.amount,
      currency: options.currency,
      kind: 'payout',
      reference: id,
      pending: true,
    }));
  } catch (error) {
    // Refused (e.g. insufficient funds): nothing is reserved, so the payout never existed.
    await services.db.delete(payouts).where(and(eq(payouts.id, id), isNull(payouts.transferId)));
    throw error;
  }
  await services.db.update(payouts).set({ transferId: transfer.id }).where(eq(payouts.id, id));
  let result: Awaited<ReturnType<typeof adapter.payout>>;
  try {
    result = await adapter.payout({
      payoutId: id,
      amount: options.amount,
      currency: options.currency,
      destination: options.destination,
    });
  } catch (error) {
    // No answer: the reservation stays and the payout stays pending for the stuck checker.
    services.logger.warn({ err: error, payoutId: id }, 'payout provider call failed');
    return setStatus(services, id, { failureCode: 'provider_unavailable' });
  }
  if (result.status === 'paid') {
    // A retry of a payout whose earlier attempt already settled the reservation.
    if (transfer.status === 'pending') {
      await postTransfer({ writer: services.ledger, transferId: transfer.id });
    }
    return setStatus(services, id, {
      status: 'paid',
      providerPayoutId: result.providerPayoutId,
    });
  }
  if (transfer.status === 'pending') {
    await voidTransfer({ writer: services.ledger, transferId: transfer.id });
  }
  return setStatus(services, id, {
    status: 'failed',
    providerPayoutId: result.providerPayoutId,
    failureCode: result.failureCode ?? 'declined',
  });
}

import { and, eq } from 'drizzle-orm';
import { providerPayments } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { createTransfer } from '../ledger/index.js';
import { providerHolding } from '../providers/assert-provider-serves.js';
import type { PaymentServices } from './payment-services.js';
import type { ProviderOutcome } from './settle-provider-payment.js';

/**
 * Applies a provider's answer about a shopper's wallet deposit: success credits the wallet from
 * the provider's clearing account (keyed by the payment, so a redelivery credits nothing more).
 */
export async function settleDeposit(options: {
  services: PaymentServices;
  outcome: ProviderOutcome;
}): Promise<'applied' | 'duplicate'> {
  const { services, outcome } = options;
  const [payment] = await services.db
    .select()
    .from(providerPayments)
    .where(eq(providerPayments.id, outcome.paymentId));
  if (
    !payment?.userId ||
    payment.purpose !== 'deposit' ||
    (payment.providerRef !== null && payment.providerRef !== outcome.providerRef) ||
    Number(payment.amount) !== outcome.amount ||
    payment.currency !== outcome.currency
  ) {
    throw new AppError('provider_payload_invalid', { message: 'Unknown deposit.' });
  }
  if (payment.status !== 'created') return 'duplicate';
  providerHolding({ providers: services.providers, name: payment.provider, mode: payment.mode });
  if (outcome.status === 'succeeded') {
    const [clearing, wallet] = await Promise.all([
      services.accounts.providerClearing(payment.provider, payment.currency, payment.mode),
      services.accounts.wallet(payment.userId, payment.currency, payment.mode),
    ]);
    await createTransfer({
      writer: services.ledger,
      idempotencyKey: `pp:${payment.id}:deposit`,
      debitAccountId: clearing,
      creditAccountId: wallet,
      amount: Number(payment.amount),
      currency: payment.currency,
      kind: 'deposit',
      reference: payment.id,
    });
  }
  await services.db
    .update(providerPayments)
    .set({
      status: outcome.status,
      providerRef: outcome.providerRef,
      failureCode: outcome.status === 'failed' ? (outcome.failureCode ?? 'declined') : null,
      settledAt: new Date(),
      updatedAt: new Date(),
      // The answer came: a "no answer" flag the stuck checker set is no longer true.
      flaggedAt: null,
    })
    .where(and(eq(providerPayments.id, payment.id), eq(providerPayments.status, 'created')));
  return 'applied';
}

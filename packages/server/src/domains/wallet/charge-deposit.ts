import { and, eq } from 'drizzle-orm';
import { providerPayments } from '../../db/schema/index.js';
import { isAppError } from '../../errors.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { settleDeposit } from '../checkout/settle-deposit.js';
import { assertProviderServes } from '../providers/assert-provider-serves.js';

type Payment = typeof providerPayments.$inferSelect;

async function reload(services: PaymentServices, id: string): Promise<Payment> {
  const [row] = await services.db
    .select()
    .from(providerPayments)
    .where(eq(providerPayments.id, id));
  if (!row) throw new Error(`provider payment ${id} vanished`);
  return row;
}

/**
 * Charges a deposit's saved card at the provider and applies the answer. Safe to call again for
 * the same deposit (a retried request, the stuck checker): the deposit's id is the provider's
 * idempotency key, so the card is charged once, and the wallet credit is keyed by the deposit.
 * A provider that does not answer leaves the deposit pending (the answer comes by notification,
 * or the stuck checker asks again); one that refuses the charge outright (unknown token) fails it.
 */
export async function chargeDeposit(options: {
  services: PaymentServices;
  payment: Payment;
  token: string;
}): Promise<Payment> {
  const { services, payment } = options;
  if (payment.status !== 'created') return payment;
  const adapter = services.providers.get(payment.provider);
  if (!adapter) return payment;
  assertProviderServes({ adapter, mode: payment.mode });
  let result: Awaited<ReturnType<typeof adapter.chargeToken>>;
  try {
    result = await adapter.chargeToken({
      paymentId: payment.id,
      token: options.token,
      amount: Number(payment.amount),
      currency: payment.currency,
      notifyUrl: `${services.config.apiUrl}/providers/${adapter.name}/notify`,
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'provider_unavailable') {
      services.logger.warn({ err: error, paymentId: payment.id }, 'deposit charge: no answer');
      return reload(services, payment.id);
    }
    if (isAppError(error) && error.code === 'provider_declined') {
      // Refused before any money moved (e.g. the provider no longer knows the token).
      const providerCode = error.details?.providerCode;
      await services.db
        .update(providerPayments)
        .set({
          status: 'failed',
          failureCode: typeof providerCode === 'string' ? providerCode : 'provider_declined',
          settledAt: new Date(),
          updatedAt: new Date(),
        })
        .where(and(eq(providerPayments.id, payment.id), eq(providerPayments.status, 'created')));
      return reload(services, payment.id);
    }
    throw error;
  }
  if (payment.providerRef === null) {
    await services.db
      .update(providerPayments)
      .set({ providerRef: result.providerRef, updatedAt: new Date() })
      .where(eq(providerPayments.id, payment.id));
  }
  if (result.status !== 'pending') {
    await settleDeposit({
      services,
      outcome: {
        paymentId: payment.id,
        providerRef: result.providerRef,
        status: result.status,
        amount: result.amount,
        currency: result.currency,
        failureCode: result.failureCode,
      },
    });
  }
  return reload(services, payment.id);
}

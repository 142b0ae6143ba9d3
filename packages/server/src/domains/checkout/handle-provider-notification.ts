import type { IncomingHttpHeaders } from 'node:http';
import { eq } from 'drizzle-orm';
import { providerPayments } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { assertProviderServes } from '../providers/assert-provider-serves.js';
import { saveTokenizedCard } from '../wallet/save-tokenized-card.js';
import type { PaymentServices } from './payment-services.js';
import { settleDeposit } from './settle-deposit.js';
import { settleProviderPayment } from './settle-provider-payment.js';

/**
 * A provider's server-to-server notification: verified by the provider's adapter (signature,
 * timestamp), then applied. Redeliveries are harmless: every effect is keyed by the payment.
 */
export async function handleProviderNotification(options: {
  services: PaymentServices;
  provider: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}): Promise<void> {
  const { services } = options;
  // A provider registered (or reconfigured) in another process: its adapter is built here first.
  if (!services.providers.has(options.provider)) await services.providerGate.sync();
  const adapter = services.providers.get(options.provider);
  if (!adapter) throw new AppError('provider_unknown', { message: 'Unknown provider.' });
  const notification = await adapter.parseNotification({
    headers: options.headers,
    rawBody: options.rawBody,
  });
  if (notification.type === 'card.tokenized') {
    await saveTokenizedCard({ services, provider: adapter.name, notification });
    return;
  }
  const outcome = {
    paymentId: notification.paymentId,
    providerRef: notification.providerRef,
    status:
      notification.type === 'payment.succeeded' ? ('succeeded' as const) : ('failed' as const),
    amount: notification.amount,
    currency: notification.currency,
    failureCode: notification.failureCode,
    card: notification.card,
  };
  const [payment] = await services.db
    .select({
      purpose: providerPayments.purpose,
      provider: providerPayments.provider,
      mode: providerPayments.mode,
    })
    .from(providerPayments)
    .where(eq(providerPayments.id, notification.paymentId));
  // One provider never settles another's payment (a sandbox-signed notice naming a live
  // provider's payment), and never money of a mode it does not serve.
  if (payment && payment.provider !== adapter.name) {
    throw new AppError('provider_payload_invalid', {
      message: 'Unknown payment.',
      internalMessage: `${adapter.name} notified payment ${notification.paymentId} of ${payment.provider}`,
    });
  }
  if (payment) assertProviderServes({ adapter, mode: payment.mode });
  if (payment?.purpose === 'deposit') {
    await settleDeposit({ services, outcome });
    return;
  }
  await settleProviderPayment({ services, outcome });
}

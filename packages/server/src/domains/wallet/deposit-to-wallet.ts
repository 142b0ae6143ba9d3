import { and, eq } from 'drizzle-orm';
import { isDuplicateKey } from '../../db/errors.js';
import { type Mode, providerPayments, savedCards } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { idFromKey, newId } from '../../infra/id.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { providerForNewPayment } from '../providers/provider-record.js';
import { assertCurrencySupported } from '../settings/assert-currency-supported.js';
import { chargeDeposit } from './charge-deposit.js';
import { type Deposit, toDeposit } from './wallet-records.js';

/**
 * Tops up the shopper's wallet from one of their saved cards: a provider payment (purpose
 * `deposit`) charged on the card's token; success credits the wallet from the provider's clearing
 * account, `pending` waits for the provider's notification, a decline is `deposit_declined` and
 * moves nothing. With an Idempotency-Key the deposit's id derives from it, so a retried request
 * (even after a crash) reaches the same provider payment and credits the wallet once.
 */
export async function depositToWallet(options: {
  services: PaymentServices;
  userId: string;
  cardId: string;
  amount: number;
  currency: string;
  /** The wallet to fund; when given it must be the card's mode. */
  mode?: Mode | undefined;
  idempotencyKey?: string | undefined;
}): Promise<Deposit> {
  const { services, userId } = options;
  await assertCurrencySupported({ settings: services.settings, currency: options.currency });
  const [card] = await services.db
    .select()
    .from(savedCards)
    .where(and(eq(savedCards.id, options.cardId), eq(savedCards.userId, userId)));
  // Another shopper's card is indistinguishable from one that does not exist.
  if (!card) throw new AppError('card_not_found', { field: 'cardId' });
  if (options.mode !== undefined && options.mode !== card.mode) {
    throw new AppError('provider_mode_mismatch', {
      message: `This card was saved for ${card.mode}-mode money; it cannot fund a ${options.mode}-mode wallet.`,
      field: 'mode',
    });
  }
  const adapter = await providerForNewPayment({
    providers: services.providers,
    gate: services.providerGate,
    name: card.provider,
    mode: card.mode,
    field: 'cardId',
  });
  const id = options.idempotencyKey
    ? idFromKey('pp', 'deposit', userId, options.idempotencyKey)
    : newId('pp');
  try {
    await services.db.insert(providerPayments).values({
      id,
      provider: adapter.name,
      purpose: 'deposit',
      userId,
      savedCardId: card.id,
      mode: card.mode,
      amount: options.amount,
      currency: options.currency,
    });
  } catch (error) {
    // A retry of a request that got this far before: carry on with the deposit it recorded.
    if (!isDuplicateKey(error)) throw error;
  }
  const [payment] = await services.db
    .select()
    .from(providerPayments)
    .where(and(eq(providerPayments.id, id), eq(providerPayments.userId, userId)));
  if (!payment) throw new Error(`deposit ${id} vanished`);
  // The same key long after its idempotency record expired, for another deposit: refuse rather
  // than answer the old one.
  if (
    payment.savedCardId !== card.id ||
    Number(payment.amount) !== options.amount ||
    payment.currency !== options.currency
  ) {
    throw new AppError('idempotency_key_reused', {
      message: 'This Idempotency-Key was already used for another deposit.',
      field: 'Idempotency-Key',
    });
  }
  const charged = await chargeDeposit({ services, payment, token: card.providerToken });
  if (charged.status === 'failed') {
    throw new AppError('deposit_declined', {
      details: { depositId: charged.id, failureCode: charged.failureCode },
    });
  }
  return toDeposit(charged);
}

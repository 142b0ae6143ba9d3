import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { isDuplicateKey } from '../../db/errors.js';
import { type Mode, merchantCredentials, orders } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { newId } from '../../infra/id.js';
import { decryptSecret, safeEqual } from '../../infra/secrets.js';
import { signCheckoutToken } from '../checkout/checkout-token.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { assertCurrencySupported } from '../settings/assert-currency-supported.js';
import { canonicalJson } from './canonical-json.js';
import { type Order, type OrderRow, toOrder } from './order-record.js';
import { trackOrder } from './order-tracking.js';
import type { CreateOrderInput } from './schemas.js';

export type CheckoutLink = { token: string; url: string; expiresAt: string };

export type MerchantCaller = { merchantId: string; mode: Mode; credentialId: string };

async function checkBodySignature(options: {
  tx: Tx;
  services: PaymentServices;
  caller: MerchantCaller;
  input: CreateOrderInput;
}): Promise<void> {
  const { input } = options;
  if (!input.signature) {
    throw new AppError('order_signature_required', {
      message:
        'Orders above your signature threshold need `signature`: hex HMAC-SHA256 of the canonical JSON of the other fields under your API key.',
      field: 'signature',
    });
  }
  const [credential] = await options.tx
    .select()
    .from(merchantCredentials)
    .where(eq(merchantCredentials.id, options.caller.credentialId))
    .limit(1);
  if (!credential) throw new AppError('jwt_signature_invalid');
  const key = decryptSecret({
    masterKey: options.services.masterKey,
    ciphertext: credential.secretCiphertext,
    associatedData: credential.id,
  });
  const { signature, ...signed } = input;
  const expected = createHmac('sha256', key).update(canonicalJson(signed)).digest('hex');
  if (!safeEqual(expected, signature ?? '')) {
    throw new AppError('order_signature_invalid', {
      message: 'The order signature does not match its fields.',
      field: 'signature',
    });
  }
}

/**
 * Creates an order for the calling merchant and its signed checkout link. The token binds the
 * order id, merchant, amount, currency and expiry (EdDSA, verifiable with the published JWKS).
 */
export async function createOrder(options: {
  services: PaymentServices;
  caller: MerchantCaller;
  input: CreateOrderInput;
  /**
   * Runs the writes in a transaction (the Idempotency-Key record's, so a replay returns this
   * result). Everything that may need another pooled connection (the merchant, the signing key)
   * is fetched before it opens: a transaction waiting on the pool it holds a connection of can
   * starve it under load.
   */
  transaction: <T>(run: (tx: Tx) => Promise<T>) => Promise<T>;
  now?: Date;
}): Promise<{ order: Order; checkout: CheckoutLink }> {
  const { services, caller, input } = options;
  const { config } = services;
  const merchant = await services.merchants.get(caller.merchantId);
  if (merchant?.status !== 'active') throw new AppError('merchant_inactive');
  await assertCurrencySupported({ settings: services.settings, currency: input.currency });
  const signingKey = await services.keys.active();
  // The platform default (admin.settings) when the merchant gives no expiry.
  const defaultExpirySeconds = input.expiresInSeconds
    ? undefined
    : (await services.settings.current()).defaultOrderExpirySeconds;
  return options.transaction(async (tx) => {
    // A signature that is present must verify, whatever the amount: one that does not is a
    // tampered body (or a wrong key), not an optional extra to ignore below the threshold.
    const thresholdApplies =
      merchant.signatureThreshold !== null && input.amount > merchant.signatureThreshold;
    if (thresholdApplies || input.signature !== undefined) {
      await checkBodySignature({ tx, services, caller, input });
    }
    const expiresInMs =
      (input.expiresInSeconds ?? defaultExpirySeconds ?? config.defaultExpiryMs / 1000) * 1000;
    if (expiresInMs > config.maxExpiryMs) {
      throw new AppError('validation_failed', {
        message: `expiresInSeconds must be at most ${config.maxExpiryMs / 1000}.`,
        field: 'expiresInSeconds',
      });
    }
    const now = options.now ?? new Date();
    // Whole milliseconds as stored (DATETIME(3)), so the token's exp and the row agree.
    const expiresAt = new Date(Math.floor((now.getTime() + expiresInMs) / 1000) * 1000);
    const id = newId('ord');
    const row: OrderRow = {
      id,
      merchantId: caller.merchantId,
      mode: caller.mode,
      reference: input.reference,
      amount: input.amount,
      grossAmount: input.amount,
      discountAmount: 0,
      campaignId: null,
      pointsEarned: 0,
      pointsRedeemed: 0,
      currency: input.currency,
      description: input.description ?? null,
      items: input.items ?? null,
      returnUrl: input.returnUrl,
      cancelUrl: input.cancelUrl,
      metadata: input.metadata ?? null,
      status: 'created',
      version: 1,
      expiresAt,
      paymentMethod: null,
      shopperId: null,
      transferId: null,
      providerPaymentId: null,
      capturedAmount: 0,
      feeAmount: 0,
      refundedAmount: 0,
      failureCode: null,
      ipnSeq: 0,
      flaggedAt: null,
      exceptionResolution: null,
      createdAt: now,
      updatedAt: now,
      finalAt: null,
    };
    try {
      await tx.insert(orders).values(row);
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new AppError('order_reference_taken', {
          message: `You already have an order with reference ${input.reference}.`,
          field: 'reference',
        });
      }
      throw error;
    }
    await outbox.append({
      tx,
      type: 'order.created',
      aggregateId: id,
      payload: {
        orderId: id,
        merchantId: caller.merchantId,
        mode: caller.mode,
        amount: input.amount,
        currency: input.currency,
        expiresAt: expiresAt.toISOString(),
      },
      occurredAt: now,
    });
    const token = await signCheckoutToken({
      keys: signingKey,
      issuer: config.apiUrl,
      claims: {
        orderId: id,
        merchantId: caller.merchantId,
        amount: input.amount,
        currency: input.currency,
        expiresAt,
      },
    });
    const order = toOrder(row);
    return {
      order,
      checkout: { token, url: `${config.checkoutUrl}/pay/${token}`, expiresAt: order.expiresAt },
    };
  });
}

/** After the order committed: its Redis record and expiry entry (best effort, DB is the truth). */
export async function announceOrder(options: {
  services: PaymentServices;
  order: Order;
}): Promise<void> {
  await trackOrder({ redis: options.services.redis, order: options.order }).catch(
    (error: unknown) =>
      options.services.logger.warn({ err: error, orderId: options.order.id }, 'order not tracked'),
  );
}

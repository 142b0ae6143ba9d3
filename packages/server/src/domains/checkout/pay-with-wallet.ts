import { AppError, isAppError } from '../../errors.js';
import { withLock } from '../../infra/locks.js';
import type { OrderRow } from '../orders/order-record.js';
import { holdForReview } from '../risk/hold-for-review.js';
import { assertNotInMaintenance } from '../settings/check-maintenance.js';
import { type CheckoutView, checkoutView } from './checkout-view.js';
import { applyOutcome, reload } from './complete-payment.js';
import { computeFee } from './compute-fee.js';
import { expireOrder, feeKey, payKey } from './expire-order.js';
import { findTransferByKey } from './find-transfer-by-key.js';
import { moveMoney } from './move-money.js';
import { claimsOf, orderBusy, orderForClaims } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';
import { INFLIGHT_KEY } from './recover-wallet-payment.js';

/**
 * Charges the order from the shopper's wallet: one ledger transfer shopper -> merchant, with the
 * platform fee as a linked leg merchant -> fees when the merchant has a fee rate.
 */
async function charge(options: {
  services: PaymentServices;
  row: OrderRow;
  shopperId: string;
  feeBps: number;
}): Promise<{ transferId: string; fee: number }> {
  const { services, row, shopperId } = options;
  const amount = Number(row.amount);
  const { currency, mode } = row;
  const [wallet, merchant, fees] = await Promise.all([
    services.accounts.wallet(shopperId, currency, mode),
    services.accounts.merchantBalance(row.merchantId, currency, mode),
    services.accounts.platform('platform_fees', currency, mode),
  ]);
  const fee = computeFee(amount, options.feeBps);
  try {
    const transfer = await moveMoney({
      writer: services.ledger,
      main: payKey(row.id),
      legs: [
        {
          idempotencyKey: payKey(row.id),
          debitAccountId: wallet,
          creditAccountId: merchant,
          amount,
          currency,
          kind: 'payment',
          reference: row.id,
        },
        {
          idempotencyKey: feeKey(row.id),
          debitAccountId: merchant,
          creditAccountId: fees,
          amount: fee,
          currency,
          kind: 'fee',
          reference: row.id,
        },
      ],
    });
    return { transferId: transfer.id, fee };
  } catch (error) {
    // The key is the order's: a payment already made for it (an earlier attempt that died before
    // the order was updated, possibly by another shopper session) is the payment.
    if (isAppError(error) && error.code === 'idempotency_key_reused') {
      const paid = await findTransferByKey({ db: services.db, key: payKey(row.id) });
      // A pending one is a payment held for risk review: reserved, not paid.
      if (paid?.status === 'pending') throw new AppError('risk_review_pending');
      if (paid) {
        const feeLeg = await findTransferByKey({ db: services.db, key: feeKey(row.id) });
        return { transferId: paid.id, fee: feeLeg?.amount ?? 0 };
      }
    }
    throw error;
  }
}

/** Gives the money back when the order ended some other way while we were charging. */
async function reverse(options: {
  services: PaymentServices;
  row: OrderRow;
  shopperId: string;
  fee: number;
}): Promise<void> {
  const { services, row } = options;
  const amount = Number(row.amount);
  const { currency, mode } = row;
  const [wallet, merchant, fees] = await Promise.all([
    services.accounts.wallet(options.shopperId, currency, mode),
    services.accounts.merchantBalance(row.merchantId, currency, mode),
    services.accounts.platform('platform_fees', currency, mode),
  ]);
  const backKey = `order:${row.id}:reverse`;
  // The fee goes back to the merchant first, so the merchant can always return the whole amount.
  await moveMoney({
    writer: services.ledger,
    main: backKey,
    legs: [
      {
        idempotencyKey: `order:${row.id}:reverse-fee`,
        debitAccountId: fees,
        creditAccountId: merchant,
        amount: options.fee,
        currency,
        kind: 'fee',
        reference: row.id,
      },
      {
        idempotencyKey: backKey,
        debitAccountId: merchant,
        creditAccountId: wallet,
        amount,
        currency,
        kind: 'refund',
        reference: row.id,
      },
    ],
  });
}

/**
 * Pays an order from the logged-in shopper's wallet. One request per order at a time (Redis
 * lock; others get `order_busy`), and every status change is fenced by the order's version, so
 * however many identical requests arrive, the order is charged once and succeeds once.
 * Insufficient funds is refused and leaves the order payable.
 */
export async function payWithWallet(options: {
  services: PaymentServices;
  token: string;
  shopperId: string;
  ip: string;
  now?: () => Date;
}): Promise<CheckoutView> {
  const { services, shopperId } = options;
  const now = options.now ?? (() => new Date());
  const claims = await claimsOf(services, options.token);
  await assertNotInMaintenance({ settings: services.settings, now: now() });
  return withLock(
    { redis: services.redis, key: `order:${claims.orderId}`, ttlMs: services.config.lockTtlMs },
    async () => {
      let { row, archived } = await orderForClaims({ services, claims });
      if (archived || row.status !== 'created') return checkoutView({ services, row });
      if (row.expiresAt <= now()) {
        row = await expireOrder({ services, row, now: now() });
        return checkoutView({ services, row });
      }
      const merchant = await services.merchants.get(row.merchantId);
      if (merchant?.status !== 'active') throw new AppError('merchant_inactive');
      const risk = await services.risk.assess({
        orderId: row.id,
        merchantId: row.merchantId,
        amount: Number(row.amount),
        currency: row.currency,
        method: 'wallet',
        shopperId,
        ip: options.ip,
      });
      if (risk.decision === 'reject') {
        const next = await applyOutcome({
          services,
          row,
          to: 'reject_risk_service',
          set: { failureCode: risk.code, shopperId, paymentMethod: 'wallet' },
        });
        return checkoutView({ services, row: next ?? (await reload(services, row.id)) });
      }
      if (risk.decision === 'review') {
        await holdForReview({ services, row, shopperId, decisionId: risk.decisionId });
        return { ...(await checkoutView({ services, row })), underReview: true };
      }
      // Marked in flight until the order records the outcome: if this process dies in between,
      // the stuck checker finds the order here and completes it from the ledger.
      await services.redis.zadd(INFLIGHT_KEY, Date.now(), row.id);
      let charged: Awaited<ReturnType<typeof charge>>;
      try {
        charged = await charge({ services, row, shopperId, feeBps: merchant.feeBps });
      } catch (error) {
        // A refusal (insufficient funds, a payment held for review) moved nothing: nothing for
        // the checker to find. Anything else may have committed (a connection lost after the
        // commit), so the entry stays and the checker settles it from the ledger.
        if (isAppError(error) && error.status < 500) {
          await services.redis.zrem(INFLIGHT_KEY, row.id);
        }
        throw error;
      }
      const { transferId, fee } = charged;
      const next = await applyOutcome({
        services,
        row,
        to: 'checkout_success',
        set: {
          paymentMethod: 'wallet',
          shopperId,
          transferId,
          capturedAmount: Number(row.amount),
          feeAmount: fee,
        },
      });
      // The outcome is recorded: an entry left behind (Redis lost right now) only makes the
      // checker find a final order and drop it, so a lost Redis must not fail a paid checkout.
      await services.redis.zrem(INFLIGHT_KEY, row.id).catch(() => 0);
      if (next) return checkoutView({ services, row: next });
      // The order changed while we charged (a paused lock holder lost its lock, or the sweeper
      // timed it out): unless it now records our very payment, give the money back.
      const current = await reload(services, row.id);
      if (current.transferId !== transferId) {
        await reverse({ services, row, shopperId, fee });
      }
      return checkoutView({ services, row: current });
    },
    () => {
      throw orderBusy();
    },
  );
}

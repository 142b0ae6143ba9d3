import { riskHolds } from '../../db/schema/index.js';
import { payKey } from '../checkout/expire-order.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import { createTransfer } from '../ledger/index.js';
import type { OrderRow } from '../orders/order-record.js';
import { riskKeys } from './feature-store.js';

/**
 * Holds a wallet payment the risk engine sent to review: the amount is reserved on the shopper's
 * wallet by a pending (two-phase) transfer to the merchant under the order's payment key, so the
 * ledger itself forbids a second payment of the order, and the existing recovery paths (expiry,
 * the stuck checker) see a posted payment only once an admin released it. The order stays
 * `created`; the pending transfer times out with the order, so an unreviewed hold gives the money
 * back on its own. Repeating it (a retry, a second tab) holds once.
 */
export async function holdForReview(options: {
  services: PaymentServices;
  row: OrderRow;
  shopperId: string;
  decisionId: string;
  now?: Date;
}): Promise<{ transferId: string }> {
  const { services, row, shopperId } = options;
  const now = options.now ?? new Date();
  const amount = Number(row.amount);
  const [wallet, merchant] = await Promise.all([
    services.accounts.wallet(shopperId, row.currency, row.mode),
    services.accounts.merchantBalance(row.merchantId, row.currency, row.mode),
  ]);
  const { transfer } = await createTransfer({
    writer: services.ledger,
    idempotencyKey: payKey(row.id),
    debitAccountId: wallet,
    creditAccountId: merchant,
    amount,
    currency: row.currency,
    kind: 'payment',
    reference: row.id,
    pending: true,
    timeoutMs: Math.max(1_000, row.expiresAt.getTime() - now.getTime()),
  });
  await services.db
    .insert(riskHolds)
    .values({
      orderId: row.id,
      decisionId: options.decisionId,
      transferId: transfer.id,
      merchantId: row.merchantId,
      shopperId,
      mode: row.mode,
      amount,
      currency: row.currency,
    })
    .onDuplicateKeyUpdate({ set: { orderId: row.id } });
  await services.redis.set(riskKeys.hold(row.id), '1');
  return { transferId: transfer.id };
}

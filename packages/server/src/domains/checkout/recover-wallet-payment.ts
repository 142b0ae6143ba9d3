import type { OrderRow } from '../orders/order-record.js';
import { applyOutcome } from './complete-payment.js';
import { feeKey, payKey } from './expire-order.js';
import { findTransferByKey } from './find-transfer-by-key.js';
import type { PaymentServices } from './payment-services.js';

/**
 * Wallet payments between their ledger transfer and the order update (score: when they started).
 * The paying request removes its entry once the outcome is known (recorded, or refused with
 * nothing moved); what is left belongs to a process that died or an error whose outcome is
 * unknown, and the stuck checker settles it from the ledger.
 */
export const INFLIGHT_KEY = 'payments:inflight';

/**
 * Completes an open order whose wallet payment reached the ledger but not the order (the process
 * died between the two). The caller holds the order's lock. Returns whether it did.
 */
export async function recoverWalletPayment(options: {
  services: PaymentServices;
  row: OrderRow;
}): Promise<boolean> {
  const { services, row } = options;
  if (row.status !== 'created') return false;
  const paid = await findTransferByKey({ db: services.db, key: payKey(row.id) });
  if (paid?.status !== 'posted') return false;
  const fee = await findTransferByKey({ db: services.db, key: feeKey(row.id) });
  const next = await applyOutcome({
    services,
    row,
    to: 'checkout_success',
    set: {
      paymentMethod: 'wallet',
      transferId: paid.id,
      capturedAmount: paid.amount,
      feeAmount: fee?.amount ?? 0,
    },
  });
  return next !== undefined;
}

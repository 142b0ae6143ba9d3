import type { OrderRow } from '../orders/order-record.js';
import { applyOutcome, reload } from './complete-payment.js';
import { findTransferByKey } from './find-transfer-by-key.js';
import type { PaymentServices } from './payment-services.js';

/** The ledger keys of an order's wallet payment: derived, so a crash cannot lose them. */
export const payKey = (orderId: string) => `order:${orderId}:pay`;
export const feeKey = (orderId: string) => `order:${orderId}:fee`;

/**
 * Ends an open order whose time is up. A wallet payment that reached the ledger but not the order
 * (the process died in between) happened before the expiry, so it wins and the order succeeds;
 * otherwise the order times out. The caller holds the order's lock; the version fence covers
 * a lock lost to a pause. Returns the order as it now stands.
 */
export async function expireOrder(options: {
  services: PaymentServices;
  row: OrderRow;
  now?: Date;
}): Promise<OrderRow> {
  const { services } = options;
  let row = options.row;
  const now = options.now ?? new Date();
  for (let attempt = 0; attempt < 3; attempt++) {
    if (row.status !== 'created' || row.expiresAt > now) return row;
    const paid = await findTransferByKey({ db: services.db, key: payKey(row.id) });
    let next: OrderRow | undefined;
    if (paid && paid.status === 'posted') {
      const fee = await findTransferByKey({ db: services.db, key: feeKey(row.id) });
      next = await applyOutcome({
        services,
        row,
        to: 'checkout_success',
        set: {
          paymentMethod: 'wallet',
          transferId: paid.id,
          capturedAmount: paid.amount,
          feeAmount: fee?.amount ?? 0,
        },
        now,
      });
    } else {
      next = await applyOutcome({ services, row, to: 'timeout', now });
    }
    if (next) return next;
    row = await reload(services, row.id);
  }
  return row;
}

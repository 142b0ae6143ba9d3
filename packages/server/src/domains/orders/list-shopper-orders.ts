import type { DbOrTx } from '../../db/client.js';
import type { MerchantCache } from '../merchants/merchant-record.js';
import { listOrders } from './list-orders.js';
import type { Order } from './order-record.js';

/** What a shopper sees of an order in their wallet (nothing merchant-private). */
export type ShopperOrder = Pick<
  Order,
  | 'id'
  | 'amount'
  | 'currency'
  | 'description'
  | 'status'
  | 'paymentMethod'
  | 'refundedAmount'
  | 'createdAt'
  | 'finalAt'
  | 'exceptionResolution'
> & { merchantName: string; mode: Order['mode'] };

/**
 * The orders a shopper paid or tried to pay (the order records the shopper at every outcome),
 * newest first, live and archived, with the merchant's name.
 */
export async function listShopperOrders(options: {
  db: DbOrTx;
  merchants: MerchantCache;
  shopperId: string;
  limit: number;
  cursor?: string | undefined;
}): Promise<{ orders: ShopperOrder[]; nextCursor: string | null }> {
  const page = await listOrders({
    db: options.db,
    owner: { shopperId: options.shopperId },
    filter: { limit: options.limit, ...(options.cursor ? { cursor: options.cursor } : {}) },
  });
  const names = new Map<string, string>();
  for (const merchantId of new Set(page.orders.map((o) => o.merchantId))) {
    const merchant = await options.merchants.get(merchantId);
    names.set(merchantId, merchant?.businessName ?? '');
  }
  return {
    orders: page.orders.map((o) => ({
      id: o.id,
      merchantName: names.get(o.merchantId) ?? '',
      mode: o.mode,
      amount: o.amount,
      currency: o.currency,
      description: o.description,
      status: o.status,
      paymentMethod: o.paymentMethod,
      refundedAmount: o.refundedAmount,
      createdAt: o.createdAt,
      finalAt: o.finalAt,
      exceptionResolution: o.exceptionResolution,
    })),
    nextCursor: page.nextCursor,
  };
}

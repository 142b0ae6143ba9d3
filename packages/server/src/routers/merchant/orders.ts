import { z } from 'zod';
import { merchantOf, merchantScope, procedure } from '../../auth/authorize.js';
import { cancelOrder } from '../../domains/orders/cancel-order.js';
import { announceOrder, createOrder } from '../../domains/orders/create-order.js';
import { getOrder } from '../../domains/orders/get-order.js';
import { listOrders } from '../../domains/orders/list-orders.js';
import {
  ZCheckoutLink,
  ZCreateOrderInput,
  ZListOrdersInput,
  ZOrder,
  ZOrderId,
} from '../../domains/orders/schemas.js';
import { idempotent, router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';

const merchantApi = { policy: { kind: 'merchant_api' } } as const;

/** Merchant API: orders (JWT-authenticated; every read is scoped to the caller and its mode). */
export const ordersRouter = router({
  create: procedure
    .meta(merchantApi)
    .input(ZCreateOrderInput)
    .output(z.object({ order: ZOrder, checkout: ZCheckoutLink }))
    .mutation(async ({ ctx, input }) => {
      const services = paymentsOf(ctx);
      const caller = merchantOf(ctx);
      const result = await createOrder({
        services,
        caller,
        input,
        transaction: (run) =>
          idempotent(ctx, { operation: 'orders.create', scope: merchantScope(ctx), input }, run),
      });
      await announceOrder({ services, order: result.order });
      return result;
    }),

  get: procedure
    .meta(merchantApi)
    .input(z.object({ orderId: ZOrderId }))
    .output(ZOrder)
    .query(({ ctx, input }) => {
      const { merchantId, mode } = merchantOf(ctx);
      return getOrder({ db: ctx.db, merchantId, mode, orderId: input.orderId });
    }),

  list: procedure
    .meta(merchantApi)
    .input(ZListOrdersInput)
    .output(z.object({ orders: z.array(ZOrder), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => {
      const { merchantId, mode } = merchantOf(ctx);
      return listOrders({ db: ctx.db, owner: { merchantId, mode }, filter: input });
    }),

  cancel: procedure
    .meta(merchantApi)
    .input(z.object({ orderId: ZOrderId }))
    .output(ZOrder)
    .mutation(({ ctx, input }) => {
      const { merchantId, mode } = merchantOf(ctx);
      return cancelOrder({ services: paymentsOf(ctx), merchantId, mode, orderId: input.orderId });
    }),
});

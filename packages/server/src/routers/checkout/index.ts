import { z } from 'zod';
import { optionalShopper, procedure, shopperOf } from '../../auth/authorize.js';
import { ORDER_STATUSES } from '../../db/schema/index.js';
import { openCheckout } from '../../domains/checkout/open-checkout.js';
import { payWithProvider } from '../../domains/checkout/pay-with-provider.js';
import { payWithWallet } from '../../domains/checkout/pay-with-wallet.js';
import { ZOrderItem } from '../../domains/orders/schemas.js';
import { router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';

const ZToken = z.string().min(20).max(4_000);

export const ZCheckoutView = z.object({
  orderId: z.string(),
  merchantName: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  description: z.string().nullable(),
  items: z.array(ZOrderItem).nullable(),
  status: z.enum(ORDER_STATUSES),
  expiresAt: z.string(),
  redirectUrl: z.string().nullable(),
  cancelUrl: z.string(),
  underReview: z.boolean().optional(),
});

/** The shopper side of checkout (the hosted pages and the widget call these). */
export const checkoutRouter = router({
  /** Opens a checkout link: the order's terms and status, or `error_signature`. */
  open: procedure
    .meta({ policy: { kind: 'public' } })
    .input(z.object({ token: ZToken }))
    .output(ZCheckoutView)
    .query(({ ctx, input }) => openCheckout({ services: paymentsOf(ctx), token: input.token })),

  /**
   * Starts paying at an external provider (guests too): answers the provider page to send the
   * shopper to, or the final state when the order has already ended.
   */
  payWithProvider: procedure
    .meta({ policy: { kind: 'public', rateLimit: 'payment' } })
    .input(z.object({ token: ZToken, provider: z.string().min(1).max(40).default('sandbox') }))
    .output(
      z.object({
        redirectUrl: z.string().nullable(),
        paymentId: z.string().nullable(),
        view: ZCheckoutView,
      }),
    )
    .mutation(async ({ ctx, input }) =>
      payWithProvider({
        services: paymentsOf(ctx),
        token: input.token,
        provider: input.provider,
        shopperId: await optionalShopper(ctx),
        ip: ctx.ip,
      }),
    ),

  /** Pays from the logged-in shopper's wallet. */
  payWithWallet: procedure
    .meta({ policy: { kind: 'shopper', rateLimit: 'payment' } })
    .input(z.object({ token: ZToken }))
    .output(ZCheckoutView)
    .mutation(({ ctx, input }) =>
      payWithWallet({
        services: paymentsOf(ctx),
        token: input.token,
        shopperId: shopperOf(ctx).userId,
        ip: ctx.ip,
      }),
    ),
});

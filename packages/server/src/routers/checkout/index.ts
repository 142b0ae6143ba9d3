import { z } from 'zod';
import { optionalShopper, procedure, shopperOf } from '../../auth/authorize.js';
import {
  EXCEPTION_RESOLUTIONS,
  MODES,
  ORDER_STATUSES,
  PROVIDER_PAYMENT_STATUSES,
} from '../../db/schema/index.js';
import { ZCampaignCode } from '../../domains/campaigns/schemas.js';
import { applyDiscount } from '../../domains/checkout/apply-discount.js';
import { cancelCheckout } from '../../domains/checkout/cancel-checkout.js';
import { checkCheckoutPayment } from '../../domains/checkout/check-checkout-payment.js';
import { getEmbedOrigins } from '../../domains/checkout/get-embed-origins.js';
import { openCheckout } from '../../domains/checkout/open-checkout.js';
import { payWithProvider } from '../../domains/checkout/pay-with-provider.js';
import { payWithWallet } from '../../domains/checkout/pay-with-wallet.js';
import { START_FAILURE_CODES } from '../../domains/checkout/record-failed-attempt.js';
import { ZOrderItem } from '../../domains/orders/schemas.js';
import { type Context, idempotentCall, router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';

const ZToken = z.string().min(20).max(4_000);

export const ZCheckoutView = z.object({
  orderId: z.string(),
  merchantName: z.string(),
  mode: z.enum(MODES),
  amount: z.number().int(),
  grossAmount: z.number().int(),
  discountAmount: z.number().int(),
  discount: z.object({ campaignId: z.string(), name: z.string() }).nullable(),
  currency: z.string(),
  description: z.string().nullable(),
  items: z.array(ZOrderItem).nullable(),
  status: z.enum(ORDER_STATUSES),
  expiresAt: z.string(),
  redirectUrl: z.string().nullable(),
  cancelUrl: z.string(),
  brand: z.object({
    name: z.string(),
    logoUrl: z.string().nullable(),
    color: z.string().nullable(),
    supportEmail: z.string().nullable(),
    supportUrl: z.string().nullable(),
    termsUrl: z.string().nullable(),
    privacyUrl: z.string().nullable(),
  }),
  attempts: z.object({
    failed: z.number().int(),
    left: z.number().int(),
    lastFailureCode: z.string().nullable(),
  }),
  receipt: z
    .object({
      method: z.enum(['wallet', 'card']),
      cardBrand: z.string().nullable(),
      cardLast4: z.string().nullable(),
      reference: z.string(),
      paidAt: z.string(),
    })
    .nullable(),
  providers: z.array(z.string()),
  underReview: z.boolean().optional(),
  exceptionResolution: z.enum(EXCEPTION_RESOLUTIONS).nullable(),
});

/**
 * Whose Idempotency-Keys these are: a logged-in shopper's own, or the guests' shared space
 * (a guest's key is random and bound to its input, so a collision is refused, not replayed).
 */
async function checkoutScope(ctx: Context): Promise<string> {
  const shopperId = await optionalShopper(ctx);
  return shopperId ? `shopper:${shopperId}` : 'checkout:guest';
}

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
        /** The payment did not start (`provider_timeout`, `provider_error`): a failed attempt. */
        failureCode: z.enum(START_FAILURE_CODES).nullable(),
        view: ZCheckoutView,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const shopperId = await optionalShopper(ctx);
      return idempotentCall(
        ctx,
        { operation: 'checkout.payWithProvider', scope: await checkoutScope(ctx), input },
        () =>
          payWithProvider({
            services: paymentsOf(ctx),
            token: input.token,
            provider: input.provider,
            shopperId,
            ip: ctx.ip,
          }),
      );
    }),

  /**
   * Applies the best campaign discount the order (and the logged-in shopper, if any) qualifies
   * for, or the campaign of a typed code, and reserves its share of the campaign budget. Safe to
   * repeat; a code that does not apply is a typed error that changes nothing.
   */
  applyDiscount: procedure
    .meta({ policy: { kind: 'public', rateLimit: 'payment' } })
    .input(z.object({ token: ZToken, code: ZCampaignCode.optional() }))
    .output(ZCheckoutView)
    .mutation(async ({ ctx, input }) =>
      applyDiscount({
        services: paymentsOf(ctx),
        token: input.token,
        shopperId: await optionalShopper(ctx),
        code: input.code,
      }),
    ),

  /** Pays from the logged-in shopper's wallet. */
  payWithWallet: procedure
    .meta({ policy: { kind: 'shopper', rateLimit: 'payment' } })
    .input(z.object({ token: ZToken }))
    .output(ZCheckoutView)
    .mutation(async ({ ctx, input }) =>
      idempotentCall(
        ctx,
        { operation: 'checkout.payWithWallet', scope: await checkoutScope(ctx), input },
        () =>
          payWithWallet({
            services: paymentsOf(ctx),
            token: input.token,
            shopperId: shopperOf(ctx).userId,
            ip: ctx.ip,
          }),
      ),
    ),

  /**
   * The shopper gives up on the order: it ends as `error_checkout` (`shopper_cancelled`) and the
   * answer carries the signed return URL. A final order is answered as it is.
   */
  cancel: procedure
    .meta({ policy: { kind: 'public', rateLimit: 'payment' } })
    .input(z.object({ token: ZToken }))
    .output(ZCheckoutView)
    .mutation(({ ctx, input }) =>
      cancelCheckout({ services: paymentsOf(ctx), token: input.token }),
    ),

  /**
   * The latest provider payment of a checkout and the order's view, for the page that waits for
   * the provider's answer. A payment silent for a few seconds is asked about at the provider.
   */
  payment: procedure
    .meta({ policy: { kind: 'public' } })
    .input(z.object({ token: ZToken }))
    .output(
      z.object({
        view: ZCheckoutView,
        payment: z
          .object({
            id: z.string(),
            provider: z.string(),
            status: z.enum(PROVIDER_PAYMENT_STATUSES),
            failureCode: z.string().nullable(),
          })
          .nullable(),
      }),
    )
    .query(({ ctx, input }) =>
      checkCheckoutPayment({ services: paymentsOf(ctx), token: input.token }),
    ),

  /**
   * The origins allowed to frame this checkout (the merchant's allowed origins): the embed
   * page's CSP frame-ancestors and the only targets of its postMessage events.
   */
  embedOrigins: procedure
    .meta({ policy: { kind: 'public' } })
    .input(z.object({ token: ZToken }))
    .output(z.object({ allowedOrigins: z.array(z.string()) }))
    .query(({ ctx, input }) => getEmbedOrigins({ services: paymentsOf(ctx), token: input.token })),
});

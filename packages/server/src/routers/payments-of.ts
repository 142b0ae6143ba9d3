import type { PaymentServices } from '../domains/checkout/payment-services.js';
import { AppError } from '../errors.js';
import type { Context } from '../trpc.js';

/** The payment services of this server; a server built without them answers 503. */
export function paymentsOf(ctx: Context): PaymentServices {
  if (!ctx.payments) {
    throw new AppError('service_unavailable', {
      internalMessage: 'this server was built without payment services',
    });
  }
  return ctx.payments;
}

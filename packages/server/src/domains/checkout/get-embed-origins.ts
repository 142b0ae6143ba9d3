import { claimsOf } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';

/**
 * The origins allowed to embed a checkout link's page (the checkout app's CSP frame-ancestors
 * and its postMessage target check): the merchant's `allowedOrigins`. A bad token is
 * `error_signature`, like every other use of it.
 */
export async function getEmbedOrigins(options: {
  services: PaymentServices;
  token: string;
}): Promise<{ allowedOrigins: string[] }> {
  const claims = await claimsOf(options.services, options.token);
  const merchant = await options.services.merchants.get(claims.merchantId);
  return { allowedOrigins: merchant?.status === 'active' ? merchant.allowedOrigins : [] };
}

import type { Pool } from 'mysql2/promise';
import type { PaymentServices } from '../checkout/payment-services.js';
import type { ReconDeps } from './run-reconciliation.js';

/** Reconciliation's needs, taken from the payment services of the process and its pool. */
export function reconDepsFrom(services: PaymentServices, pool: Pool): ReconDeps {
  return {
    db: services.db,
    pool,
    logger: services.logger,
    async ipnUrlOf(merchantId) {
      const merchant = await services.merchants.get(merchantId);
      return merchant?.ipnUrl || undefined;
    },
    ipnRetryWindowMs: services.config.ipnRetryWindowMs,
    wakeIpn: () => services.wakeIpn(),
  };
}

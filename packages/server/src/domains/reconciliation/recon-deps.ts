import type { Pool } from 'mysql2/promise';
import type { Db } from '../../db/client.js';
import type { PaymentServices } from '../checkout/payment-services.js';
import type { ReconDeps } from './run-reconciliation.js';

/**
 * The pool behind a drizzle database. Reconciliation runs raw INSERT … SELECT statements and the
 * ledger check needs a connection of its own; drizzle keeps the pool it was built on as
 * `$client` (its type is not exported through our `Db` alias), so it is read, and checked, here.
 */
export function poolOf(db: Db): Pool {
  const client: unknown = Reflect.get(db, '$client');
  if (!client || typeof (client as Pool).getConnection !== 'function') {
    throw new Error('the database handle has no mysql2 pool');
  }
  return client as Pool;
}

/** Reconciliation's needs, taken from the payment services of the process. */
export function reconDepsFrom(
  services: PaymentServices,
  pool: Pool = poolOf(services.db),
): ReconDeps {
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

import type { IdentityServices } from '../../auth/identity-services.js';
import type { Db } from '../../db/client.js';
import type { Env } from '../../env.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import type { LedgerWriter } from '../ledger/index.js';
import type { ProviderRegistry } from '../providers/types.js';
import { createRiskServices, type RiskEngine } from '../risk/risk-engine.js';
import {
  createAccountDirectory,
  type PaymentServices,
  paymentConfigFromEnv,
} from './payment-services.js';
import { createSigningKeys } from './signing-keys.js';

/** Builds the payment services of one process from configuration. */
export function createPaymentServices(options: {
  env: Env;
  db: Db;
  redis: RedisClient;
  logger: Logger;
  ledger: LedgerWriter;
  identity: IdentityServices;
  providers?: ProviderRegistry;
  risk?: RiskEngine;
}): PaymentServices {
  const { env, db, redis, logger, ledger, identity } = options;
  const masterKey = identity.config.masterKey;
  return {
    config: paymentConfigFromEnv(env),
    db,
    redis,
    logger,
    ledger,
    keys: createSigningKeys({ db, masterKey }),
    providers: options.providers ?? new Map(),
    risk: options.risk ?? createRiskServices({ db, redis, logger }),
    accounts: createAccountDirectory(db),
    merchants: identity.merchants,
    masterKey,
    wakeIpn: () => undefined,
    credentials: identity.credentials,
  };
}

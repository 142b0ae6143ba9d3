import type { IdentityServices } from '../../auth/identity-services.js';
import type { Db } from '../../db/client.js';
import type { Env } from '../../env.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import type { LedgerWriter } from '../ledger/index.js';
import { createProviderGate } from '../providers/provider-record.js';
import type { ProvidersConfig } from '../providers/registry.js';
import type { ProviderRegistry } from '../providers/types.js';
import { createRiskServices, type RiskEngine } from '../risk/risk-engine.js';
import { createSettingsReader } from '../settings/settings-record.js';
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
  /** The environment's provider settings, which registry rows override (see the gate). */
  providerDefaults?: ProvidersConfig;
  risk?: RiskEngine;
}): PaymentServices {
  const { env, db, redis, logger, ledger, identity } = options;
  const masterKey = identity.config.masterKey;
  const config = paymentConfigFromEnv(env);
  const providers = options.providers ?? new Map();
  return {
    config,
    db,
    redis,
    logger,
    ledger,
    keys: createSigningKeys({ db, masterKey }),
    providers,
    providerGate: createProviderGate({
      db,
      registry: providers,
      masterKey,
      defaults: options.providerDefaults,
      logger,
    }),
    settings: createSettingsReader({
      db,
      defaults: {
        defaultOrderExpirySeconds: config.defaultExpiryMs / 1000,
        providerNoAnswerMinutes: config.providerNoAnswerMs / 60_000,
        notificationRecipients: env.RECON_NOTIFY_EMAILS,
      },
      maxOrderExpirySeconds: config.maxExpiryMs / 1000,
    }),
    risk: options.risk ?? createRiskServices({ db, redis, logger }),
    accounts: createAccountDirectory(db),
    merchants: identity.merchants,
    masterKey,
    wakeIpn: () => undefined,
    credentials: identity.credentials,
  };
}

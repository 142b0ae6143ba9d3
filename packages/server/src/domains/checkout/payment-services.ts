import type { Db } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import type { Env } from '../../env.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import type { JobStatusStore } from '../../jobs/job-status.js';
import type { Scheduler } from '../../jobs/scheduler.js';
import type { LedgerWriter } from '../ledger/index.js';
import { openAccount, openSystemAccount } from '../ledger/index.js';
import type { CredentialCache } from '../merchants/credential-cache.js';
import type { MerchantCache } from '../merchants/merchant-record.js';
import type { ProviderGate } from '../providers/provider-record.js';
import type { ProviderRegistry } from '../providers/types.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { SettingsReader } from '../settings/settings-record.js';
import type { SigningKeys } from './signing-keys.js';

export type PaymentConfig = {
  /** Checkout links are `<checkoutUrl>/pay/<token>`. */
  checkoutUrl: string;
  /** This API's public URL: checkout token issuer, base of provider notification URLs. */
  apiUrl: string;
  lockTtlMs: number;
  defaultExpiryMs: number;
  maxExpiryMs: number;
  ipnRetryWindowMs: number;
  stuckGraceMs: number;
  providerNoAnswerMs: number;
  archiveAfterMs: number;
};

export function paymentConfigFromEnv(env: Env): PaymentConfig {
  return {
    checkoutUrl: env.CHECKOUT_URL.replace(/\/$/, ''),
    apiUrl: env.API_PUBLIC_URL.replace(/\/$/, ''),
    lockTtlMs: env.ORDER_LOCK_TTL_MS,
    defaultExpiryMs: env.ORDER_DEFAULT_EXPIRY_MINUTES * 60_000,
    maxExpiryMs: env.ORDER_MAX_EXPIRY_HOURS * 3_600_000,
    ipnRetryWindowMs: env.IPN_RETRY_WINDOW_HOURS * 3_600_000,
    stuckGraceMs: env.ORDER_STUCK_GRACE_MINUTES * 60_000,
    providerNoAnswerMs: env.PROVIDER_NO_ANSWER_MINUTES * 60_000,
    archiveAfterMs:
      env.ORDER_ARCHIVE_AFTER_MINUTES !== undefined
        ? env.ORDER_ARCHIVE_AFTER_MINUTES * 60_000
        : env.ORDER_ARCHIVE_AFTER_DAYS * 86_400_000,
  };
}

/** Ledger accounts by role; their ids never change, so they are remembered once found. */
export type AccountDirectory = {
  merchantBalance(merchantId: string, currency: string, mode: Mode): Promise<string>;
  wallet(userId: string, currency: string, mode: Mode): Promise<string>;
  providerClearing(provider: string, currency: string, mode: Mode): Promise<string>;
  platform(
    kind: 'platform_fees' | 'suspense' | 'payout_clearing',
    currency: string,
    mode: Mode,
  ): Promise<string>;
};

export function createAccountDirectory(db: Db): AccountDirectory {
  const known = new Map<string, Promise<string>>();
  const remember = (key: string, open: () => Promise<{ id: string }>): Promise<string> => {
    let found = known.get(key);
    if (!found) {
      found = open().then((a) => a.id);
      // A failed lookup is not remembered: the next call tries again.
      found.catch(() => known.delete(key));
      known.set(key, found);
    }
    return found;
  };
  return {
    merchantBalance: (merchantId, currency, mode) =>
      remember(`m:${merchantId}:${currency}:${mode}`, () =>
        openAccount({
          db,
          ownerType: 'merchant',
          ownerId: merchantId,
          kind: 'merchant_balance',
          currency,
          mode,
        }),
      ),
    wallet: (userId, currency, mode) =>
      remember(`w:${userId}:${currency}:${mode}`, () =>
        openAccount({
          db,
          ownerType: 'shopper',
          ownerId: userId,
          kind: 'shopper_wallet',
          currency,
          mode,
        }),
      ),
    providerClearing: (provider, currency, mode) =>
      remember(`p:${provider}:${currency}:${mode}`, () =>
        openSystemAccount({ db, kind: 'provider_clearing', provider, currency, mode }),
      ),
    platform: (kind, currency, mode) =>
      remember(`s:${kind}:${currency}:${mode}`, () =>
        openSystemAccount({ db, kind, currency, mode }),
      ),
  };
}

/** What orders, checkout, refunds and payouts need at request time, built once per process. */
export type PaymentServices = {
  config: PaymentConfig;
  db: Db;
  redis: RedisClient;
  logger: Logger;
  ledger: LedgerWriter;
  keys: SigningKeys;
  providers: ProviderRegistry;
  /** The providers registry's enabled flags (a disabled provider starts no new payment). */
  providerGate: ProviderGate;
  /** Platform settings staff change at run time (expiry, timeouts, maintenance windows). */
  settings: SettingsReader;
  risk: RiskEngine;
  accounts: AccountDirectory;
  merchants: MerchantCache;
  masterKey: Buffer;
  /** Called after a commit that enqueued IPNs, so they are sent now rather than at the next poll. */
  wakeIpn: () => void;
  /** Decrypted merchant credentials, remembered briefly (see credential-cache.ts). */
  credentials: CredentialCache;
  /** The process's background jobs and their recorded runs (set by app.ts; absent in tests). */
  jobs?: JobControl | undefined;
};

/** What the admin API needs of the background jobs: run one now, list them with their runs. */
export type JobControl = {
  scheduler: Pick<Scheduler, 'runNow' | 'jobs'>;
  status: Pick<JobStatusStore, 'read'>;
};

import proxyAddr from 'proxy-addr';
import type { Db } from '../db/client.js';
import { createMerchantCache } from '../domains/merchants/create-merchant-cache.js';
import {
  type CredentialCache,
  createCredentialCache,
} from '../domains/merchants/credential-cache.js';
import type { MerchantCache } from '../domains/merchants/merchant-record.js';
import { DEV_MASTER_KEY, type Env } from '../env.js';
import type { Logger } from '../infra/logger.js';
import { createMailer, type Mailer } from '../infra/mailer.js';
import { memoCache } from '../infra/memo-cache.js';
import type { ScryptParams } from '../infra/password.js';
import type { RateLimitRule } from '../infra/rate-limit.js';
import type { RedisClient } from '../infra/redis.js';
import type { SessionConfig } from '../infra/sessions.js';
import type { RateLimitName } from './policy.js';

export type IdentityConfig = {
  masterKey: Buffer;
  jwtAudience: string;
  keyRotationGraceSeconds: number;
  scrypt: ScryptParams;
  sessions: SessionConfig;
  cookieSecure: 'auto' | 'true' | 'false';
  /** Whether a connection from this address (hop i) is one of our proxies (TRUST_PROXY). */
  trustProxy: (address: string, hop: number) => boolean;
  /** Failed log-ins allowed across every account and address (RATE_LIMIT_LOGIN_FAILURES_GLOBAL). */
  loginFailuresGlobal: RateLimitRule;
  publicUrl: string;
  /** Development only: the stored mailbox may be read over the API (the demo shows it). */
  devMailboxReadable: boolean;
  rateLimits: Record<RateLimitName, RateLimitRule>;
};

/** What identity needs at request time, built once per process from configuration. */
export type IdentityServices = {
  config: IdentityConfig;
  mailer: Mailer;
  merchants: MerchantCache;
  /** Decrypted merchant credentials for JWT checks and signing, remembered for a second. */
  credentials: CredentialCache;
};

export function identityConfigFromEnv(env: Env): IdentityConfig {
  return {
    masterKey: Buffer.from(env.MASTER_KEY ?? DEV_MASTER_KEY, 'base64'),
    jwtAudience: env.MERCHANT_JWT_AUDIENCE,
    keyRotationGraceSeconds: env.KEY_ROTATION_GRACE_SECONDS,
    scrypt: { cost: env.SCRYPT_COST, blockSize: 8, parallelization: 1 },
    sessions: {
      idleSeconds: env.SESSION_IDLE_SECONDS,
      absoluteSeconds: env.SESSION_ABSOLUTE_SECONDS,
    },
    cookieSecure: env.COOKIE_SECURE,
    trustProxy: proxyAddr.compile(env.TRUST_PROXY),
    loginFailuresGlobal: env.RATE_LIMIT_LOGIN_FAILURES_GLOBAL,
    publicUrl: env.PUBLIC_URL.replace(/\/$/, ''),
    devMailboxReadable: env.NODE_ENV !== 'production' && env.SMTP_URL === undefined,
    rateLimits: {
      login: env.RATE_LIMIT_LOGIN,
      signup: env.RATE_LIMIT_SIGNUP,
      password_reset: env.RATE_LIMIT_PASSWORD_RESET,
      payment: env.RATE_LIMIT_PAYMENT,
      merchant_api: env.RATE_LIMIT_MERCHANT_API,
    },
  };
}

export function createIdentityServices(options: {
  env: Env;
  db: Db;
  redis: RedisClient;
  logger: Logger;
}): IdentityServices {
  const { env, db, redis, logger } = options;
  const config = identityConfigFromEnv(env);
  return {
    config,
    mailer: createMailer({ db, logger, from: env.MAIL_FROM, smtpUrl: env.SMTP_URL }),
    // Every merchant API call and checkout reads its merchant, often several times: a one-second
    // in-process layer saves those Redis round trips; a suspension reaches other processes
    // within that second.
    merchants: memoCache(
      createMerchantCache({ db, redis, ttlSeconds: env.MERCHANT_CACHE_TTL_SECONDS }),
      { ttlMs: 1_000 },
    ),
    credentials: createCredentialCache({ db, masterKey: config.masterKey, ttlMs: 1_000 }),
  };
}

import type { Db } from '../db/client.js';
import { deliverDueIpns, type IpnDeliveryConfig } from '../domains/ipn/deliver-due-ipns.js';
import type { CredentialCache } from '../domains/merchants/credential-cache.js';
import type { Env } from '../env.js';
import type { Logger } from '../infra/logger.js';
import type { RedisClient } from '../infra/redis.js';
import type { Job } from './scheduler.js';

export const DELIVER_IPNS_JOB = 'deliver-ipns';

/** Short, so an IPN leaves within about a second of its commit even when nobody wakes the job. */
const EVERY_MS = 1_000;

export function ipnDeliveryConfigFromEnv(env: Env): IpnDeliveryConfig & { retryWindowMs: number } {
  return {
    retryWindowMs: Math.round(env.IPN_RETRY_WINDOW_HOURS * 3_600_000),
    baseDelayMs: env.IPN_BASE_DELAY_MS,
    maxDelayMs: env.IPN_MAX_DELAY_MS,
    timeoutMs: env.IPN_TIMEOUT_MS,
    concurrency: env.IPN_CONCURRENCY,
    allowPrivateNetworks: env.IPN_ALLOW_PRIVATE_NETWORKS,
  };
}

/**
 * Posts due IPNs to merchants. Wake it (`scheduler.wake(DELIVER_IPNS_JOB)`) after committing an
 * IPN to send it at once; the interval catches everything else (retries, other processes' IPNs,
 * claims left by a crashed worker).
 */
export function deliverIpnsJob(options: {
  db: Db;
  masterKey: Buffer;
  credentials?: CredentialCache | undefined;
  logger: Logger;
  redis?: RedisClient | undefined;
  config: IpnDeliveryConfig;
}): Job {
  return {
    name: DELIVER_IPNS_JOB,
    everyMs: EVERY_MS,
    run: (signal) =>
      deliverDueIpns({
        db: options.db,
        masterKey: options.masterKey,
        credentials: options.credentials,
        logger: options.logger,
        redis: options.redis,
        signal,
        ...options.config,
      }),
  };
}

import type { IdentityServices } from '../auth/identity-services.js';
import type { Database } from '../db/client.js';
import type { PaymentServices } from '../domains/checkout/payment-services.js';
import { type LedgerWriter, voidExpiredTransfers } from '../domains/ledger/index.js';
import { notifyStakeholders } from '../domains/reconciliation/notify-stakeholders.js';
import { assessMerchantRisk } from '../domains/risk/assess-merchant-risk.js';
import type { Env } from '../env.js';
import type { Logger } from '../infra/logger.js';
import type { RedisClient } from '../infra/redis.js';
import { archiveOrders } from './archive-orders.js';
import { checkStuck } from './check-stuck.js';
import { deliverIpnsJob, ipnDeliveryConfigFromEnv } from './deliver-ipns.js';
import { expireDueOrders, sweepExpiredOrders } from './expire-orders.js';
import type { JobName } from './job-names.js';
import { purgeExpired } from './purge-expired.js';
import { reconcileDaily } from './reconcile-daily.js';
import type { Job } from './scheduler.js';

/** Each job's interval unless `JOB_INTERVALS` says otherwise. */
export const DEFAULT_JOB_INTERVALS_MS: Record<JobName, number> = {
  'deliver-ipns': 1_000,
  'purge-expired': 10 * 60_000,
  'void-expired-transfers': 5_000,
  'expire-due-orders': 1_000,
  'sweep-expired-orders': 30_000,
  'check-stuck': 60_000,
  'assess-merchant-risk': 3_600_000,
  'archive-orders': 3_600_000,
  'reconcile-daily': 3_600_000,
  'notify-stakeholders': 60_000,
};

/**
 * Every background job of the platform, with its interval from configuration (`JOB_INTERVALS`:
 * seconds, or `off` for a job that only runs when an operator asks). The same list serves the
 * server's scheduler and the operator script (`pnpm --filter @ducat/server job:run <name>`).
 */
export function platformJobs(options: {
  env: Env;
  database: Database;
  redis: RedisClient;
  ledger: LedgerWriter;
  identity: IdentityServices;
  payments: PaymentServices;
  logger: Logger;
}): Job[] {
  const { env, database, redis, ledger, identity, payments, logger } = options;
  const every = (name: JobName): number | null => {
    const configured = env.JOB_INTERVALS[name];
    if (configured === undefined) return DEFAULT_JOB_INTERVALS_MS[name];
    return configured === 'off' ? null : configured * 1_000;
  };
  const jobs: Record<JobName, Job['run']> = {
    'deliver-ipns': deliverIpnsJob({
      db: database.db,
      masterKey: identity.config.masterKey,
      credentials: identity.credentials,
      logger,
      redis,
      config: ipnDeliveryConfigFromEnv(env),
    }).run,
    'purge-expired': () => purgeExpired({ db: database.db }),
    'void-expired-transfers': () => voidExpiredTransfers({ db: database.db, writer: ledger }),
    'expire-due-orders': () => expireDueOrders({ services: payments }),
    'sweep-expired-orders': () => sweepExpiredOrders({ services: payments }),
    'check-stuck': () => checkStuck({ services: payments }),
    'assess-merchant-risk': () => assessMerchantRisk({ db: database.db, redis }),
    'archive-orders': () =>
      archiveOrders({ database, olderThanMs: payments.config.archiveAfterMs }),
    'reconcile-daily': () =>
      reconcileDaily({
        services: payments,
        pool: database.pool,
        lookbackDays: env.RECON_LOOKBACK_DAYS,
      }),
    'notify-stakeholders': async () =>
      notifyStakeholders({
        db: database.db,
        mailer: identity.mailer,
        logger,
        // admin.settings' recipients (RECON_NOTIFY_EMAILS until staff set them).
        recipients: (await payments.settings.current()).notificationRecipients,
      }),
  };
  return (Object.keys(jobs) as JobName[]).map((name) => ({
    name,
    everyMs: every(name),
    run: jobs[name],
  }));
}

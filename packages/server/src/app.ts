import type { AddressInfo } from 'node:net';
import { createIdentityServices, type IdentityServices } from './auth/identity-services.js';
import { createDatabase, type Database } from './db/client.js';
import { createPaymentServices } from './domains/checkout/create-payment-services.js';
import { handleProviderNotification } from './domains/checkout/handle-provider-notification.js';
import type { PaymentServices } from './domains/checkout/payment-services.js';
import { createLedgerWriter, type LedgerWriter } from './domains/ledger/index.js';
import { metricsDailySubscription } from './domains/metrics/update-metrics.js';
import { createProviderRegistry, providersConfigFromEnv } from './domains/providers/registry.js';
import type { ProviderRegistry } from './domains/providers/types.js';
import { ensureHotFeatures } from './domains/risk/restore-hot-features.js';
import { createRiskServices } from './domains/risk/risk-engine.js';
import { riskFeaturesSubscription } from './domains/risk/update-features.js';
import { createSqlSearchIndex } from './domains/search/sql-search-index.js';
import { searchIndexSubscription } from './domains/search/update-search-index.js';
import { ensureBootstrapAdmin } from './domains/staff/ensure-bootstrap-admin.js';
import { statsDailySubscription } from './domains/stats/update-stats.js';
import type { Env } from './env.js';
import { outbox } from './events/index.js';
import { createHttpServer, type HttpServer } from './http.js';
import { createInProcessBus, type EventBus } from './infra/event-bus.js';
import { createKafkaBus } from './infra/kafka.js';
import type { Logger } from './infra/logger.js';
import { createOutboxRelay, type OutboxRelay } from './infra/outbox-relay.js';
import { createRedis, type RedisClient } from './infra/redis.js';
import { DELIVER_IPNS_JOB } from './jobs/deliver-ipns.js';
import { sweepExpiredOrders } from './jobs/expire-orders.js';
import { createJobStatusStore } from './jobs/job-status.js';
import { platformJobs } from './jobs/platform-jobs.js';
import { createScheduler, type Scheduler } from './jobs/scheduler.js';
import { appRouter } from './root.js';
import { createPlainRoutes } from './routers/plain-routes.js';
import { createSandboxProvider, type SandboxProvider } from './sandbox/create-sandbox-provider.js';

export type App = {
  env: Env;
  database: Database;
  redis: RedisClient;
  bus: EventBus;
  relay: OutboxRelay;
  /** The ledger's single writer in this process. */
  ledger: LedgerWriter;
  http: HttpServer;
  /** Background jobs; `scheduler.wake(DELIVER_IPNS_JOB)` (jobs/deliver-ipns.ts) sends committed IPNs at once. */
  scheduler: Scheduler;
  identity: IdentityServices;
  payments: PaymentServices;
  /** External payment provider adapters, by name. */
  providers: ProviderRegistry;
  /** The simulated provider when it runs in this process (development and tests). */
  sandbox: SandboxProvider | undefined;
  /** Starts background work and listens; resolves with the bound address. */
  start(): Promise<AddressInfo>;
  /** Graceful stop: stop accepting, drain requests, stop workers, close pools. Idempotent. */
  stop(): Promise<void>;
};

/** Wires the server from configuration. Nothing connects or listens until `start`. */
export function createApp(options: { env: Env; logger: Logger }): App {
  const { env, logger } = options;
  const traceQueries = env.NODE_ENV !== 'production';
  const database = createDatabase({
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    traceQueries,
  });
  const redis = createRedis({
    url: env.REDIS_URL,
    clusterNodes: env.REDIS_CLUSTER_NODES,
    keyPrefix: env.REDIS_KEY_PREFIX,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
    lazyConnect: true,
  });
  // Redis errors surface through readiness and the calls that need it; log, never crash.
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));

  const bus = env.KAFKA_BROKERS
    ? createKafkaBus({
        brokers: env.KAFKA_BROKERS,
        clientId: env.KAFKA_CLIENT_ID,
        topicPrefix: env.KAFKA_TOPIC_PREFIX,
        db: database.db,
        logger,
      })
    : createInProcessBus({ db: database.db, logger });
  const relay = createOutboxRelay({
    database,
    bus,
    logger,
    batchSize: env.OUTBOX_BATCH_SIZE,
    pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
  });
  // The writer has connections of its own: requests that hold a transaction while they await a
  // ledger result (refunds, payouts under an Idempotency-Key) could otherwise take every pooled
  // connection and leave the writer none, and wait on it forever.
  const ledgerDatabase = createDatabase({
    url: env.DATABASE_URL,
    poolSize: env.LEDGER_POOL_SIZE,
    traceQueries,
  });
  const ledger = createLedgerWriter({
    pool: ledgerDatabase.pool,
    outbox,
    logger,
    batchSize: env.LEDGER_BATCH_SIZE,
    maxWaitMs: env.LEDGER_BATCH_WAIT_MS,
    loadData: env.LEDGER_LOAD_DATA,
    // Events reach subscribers right after the commit instead of at the next poll.
    onCommit: () => relay.wake(),
  });
  const identity = createIdentityServices({ env, db: database.db, redis, logger });
  const sandbox =
    env.SANDBOX_PROVIDER_ENABLED && env.SANDBOX_PROVIDER_EMBEDDED
      ? createSandboxProvider({
          secret: env.SANDBOX_PROVIDER_SECRET,
          // Port 0 (tests): the public URL is the bound address, known after listen.
          publicUrl: env.SANDBOX_PROVIDER_PORT === 0 ? undefined : env.SANDBOX_PROVIDER_URL,
          logger,
          lateDelayMs: env.SANDBOX_LATE_DELAY_MS,
        })
      : undefined;
  const providerDefaults = providersConfigFromEnv(
    env,
    sandbox && env.SANDBOX_PROVIDER_PORT === 0 ? { sandboxUrl: () => sandbox.url } : {},
  );
  const providers = createProviderRegistry(providerDefaults);
  // Decisions' events wake the relay, so the features count an attempt milliseconds after it.
  const risk = createRiskServices({ db: database.db, redis, logger, onCommit: () => relay.wake() });
  bus.subscribe(riskFeaturesSubscription({ redis }));
  // The dashboard's daily counters (metrics_daily), kept from the same stream.
  bus.subscribe(metricsDailySubscription());
  // The search index (merchants, orders, campaigns) and the merchants' statistics warehouse.
  bus.subscribe(searchIndexSubscription({ index: createSqlSearchIndex({ db: database.db }) }));
  bus.subscribe(statsDailySubscription());
  const payments = createPaymentServices({
    env,
    db: database.db,
    redis,
    logger,
    ledger,
    identity,
    providers,
    providerDefaults,
    risk,
  });
  // Built in every process: an API-only one starts no timers but still runs a job on request.
  const jobs = platformJobs({ env, database, redis, ledger, identity, payments, logger });
  const jobStatus = createJobStatusStore(redis);
  const scheduler = createScheduler({ logger, jobs, recorder: jobStatus });
  payments.wakeIpn = () => scheduler.wake(DELIVER_IPNS_JOB);
  payments.jobs = { scheduler, status: jobStatus };
  const http = createHttpServer({
    router: appRouter,
    database,
    redis,
    logger,
    config: {
      idempotencyTtlHours: env.IDEMPOTENCY_TTL_HOURS,
      ipnTimeoutMs: env.IPN_TIMEOUT_MS,
      ipnAllowPrivateNetworks: env.IPN_ALLOW_PRIVATE_NETWORKS,
      docsUrl: env.DOCS_URL ?? `${env.API_PUBLIC_URL.replace(/\/$/, '')}/docs/errors`,
    },
    identity,
    payments,
    routes: createPlainRoutes({
      services: payments,
      onNotification: handleProviderNotification,
    }),
  });

  let stopping: Promise<void> | undefined;
  return {
    env,
    database,
    redis,
    bus,
    relay,
    ledger,
    http,
    scheduler,
    identity,
    payments,
    providers,
    sandbox,
    async start() {
      redis
        .connect()
        .catch((error: unknown) => logger.warn({ err: error }, 'redis not reachable yet'));
      const bootstrap = await ensureBootstrapAdmin({
        db: database.db,
        scrypt: identity.config.scrypt,
        email: env.BOOTSTRAP_ADMIN_EMAIL,
        password: env.BOOTSTRAP_ADMIN_PASSWORD,
      });
      // Adapters of providers registered by staff (admin.providers), before the first request.
      await payments.providerGate.sync();
      if (bootstrap === 'created') {
        logger.info({ email: env.BOOTSTRAP_ADMIN_EMAIL }, 'first platform admin created');
      } else if (bootstrap === 'not_configured') {
        logger.warn(
          'no platform admin yet: set BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD',
        );
      }
      // A new deployment, or a Redis that lost its data: copy the durable features back first
      // (decisions meanwhile use the default policy).
      await ensureHotFeatures({ db: database.db, redis }).catch((error: unknown) =>
        logger.error({ err: error }, 'risk features not restored; default risk policy applies'),
      );
      await bus.start();
      relay.start();
      if (env.PROCESS_ROLE !== 'api') scheduler.start();
      if (sandbox) {
        const bound = await sandbox.listen(env.SANDBOX_PROVIDER_PORT, env.HOST).catch((error) => {
          throw new Error(
            `sandbox provider cannot listen on port ${env.SANDBOX_PROVIDER_PORT}: ${
              error instanceof Error ? error.message : String(error)
            } (change SANDBOX_PROVIDER_PORT, or set SANDBOX_PROVIDER_EMBEDDED=false when it runs apart)`,
            { cause: error },
          );
        });
        logger.info(
          { url: sandbox.url, port: bound.port },
          `sandbox provider up at ${sandbox.url} (test cards on its pages)`,
        );
      }
      if (env.PROCESS_ROLE !== 'api') {
        // Orders that expired while no server ran are timed out now, not at the next tick.
        sweepExpiredOrders({ services: payments }).catch((error: unknown) =>
          logger.error({ err: error }, 'start-up expiry sweep failed'),
        );
      }
      return http.listen(env.PORT, env.HOST);
    },
    stop() {
      stopping ??= (async () => {
        logger.info('shutting down: no new connections');
        await http.close(env.SHUTDOWN_TIMEOUT_MS);
        logger.info('requests drained; stopping workers');
        await sandbox?.close();
        await scheduler.stop();
        // The writer answers what it has queued before the pools close.
        await Promise.allSettled([ledger.stop(), relay.stop()]);
        await bus.stop().catch((error: unknown) => logger.warn({ err: error }, 'bus stop failed'));
        await Promise.all([database.close(), ledgerDatabase.close()]);
        redis.disconnect();
        logger.info('shutdown complete');
      })();
      return stopping;
    },
  };
}

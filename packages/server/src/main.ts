import { createApp } from './app.js';
import { migrateDatabase } from './db/migrate.js';
import { ConfigError, type Env, loadEnv } from './env.js';
import { createLogger } from './infra/logger.js';

async function main(): Promise<void> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
  if (env.MIGRATE_ON_START) {
    const { database } = await migrateDatabase(env.DATABASE_URL);
    logger.info({ database }, 'migrations applied');
  }
  const app = createApp({ env, logger });
  const address = await app.start();
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  logger.info(
    { url: `http://${host}:${address.port}`, bus: app.bus.kind },
    `Ducat server listening on http://${host}:${address.port} (health: /health, ready: /ready, tRPC: /trpc)`,
  );

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    logger.info({ signal }, 'signal received');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Ducat server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

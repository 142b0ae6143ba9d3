import { ConfigError, loadEnv } from '../env.js';
import { createLogger } from '../infra/logger.js';
import { createSandboxProvider } from '../sandbox/create-sandbox-provider.js';

/**
 * The sandbox provider on its own, as the separate company it pretends to be. Run the server
 * with SANDBOX_PROVIDER_EMBEDDED=false so the two do not both claim SANDBOX_PROVIDER_PORT.
 */
try {
  const env = loadEnv();
  const logger = createLogger({ level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
  const sandbox = createSandboxProvider({
    secret: env.SANDBOX_PROVIDER_SECRET,
    publicUrl: env.SANDBOX_PROVIDER_PORT === 0 ? undefined : env.SANDBOX_PROVIDER_URL,
    logger,
    lateDelayMs: env.SANDBOX_LATE_DELAY_MS,
  });
  const address = await sandbox.listen(env.SANDBOX_PROVIDER_PORT, env.HOST);
  logger.info(
    { url: sandbox.url, port: address.port },
    `sandbox provider listening on ${sandbox.url}`,
  );
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 1 : 2);
}

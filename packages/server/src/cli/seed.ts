/**
 * `pnpm --filter @ducat/server seed` (run by `pnpm dev`): migrates, then seeds the demo. Refuses
 * to run in production. New merchant keys are shown once, here, and saved to `.ducat-demo.json`
 * at the repository root (git-ignored) for the example store.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createIdentityServices } from '../auth/identity-services.js';
import { createDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { DEMO, seedDemo } from '../demo/seed-demo.js';
import { createLedgerWriter } from '../domains/ledger/index.js';
import { loadEnv } from '../env.js';
import { outbox } from '../events/index.js';
import { createLogger } from '../infra/logger.js';
import { createRedis } from '../infra/redis.js';

const env = loadEnv();
if (env.NODE_ENV === 'production') {
  process.stderr.write('The demo seed does not run in production.\n');
  process.exit(1);
}
const logger = createLogger({ level: 'warn' });
await migrateDatabase(env.DATABASE_URL);
const database = createDatabase({ url: env.DATABASE_URL, poolSize: 4 });
const redis = createRedis({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX });
const writer = createLedgerWriter({ pool: database.pool, outbox, logger });
try {
  const identity = createIdentityServices({ env, db: database.db, redis, logger });
  const summary = await seedDemo({
    database,
    identity,
    writer,
    adminEmail: env.BOOTSTRAP_ADMIN_EMAIL,
    adminPassword: env.BOOTSTRAP_ADMIN_PASSWORD,
    storeUrl: env.DEMO_STORE_URL,
  });
  const lines = [
    'Ducat demo',
    `  admin        ${env.BOOTSTRAP_ADMIN_EMAIL ?? DEMO.admin.email} / ${env.BOOTSTRAP_ADMIN_PASSWORD ? '(BOOTSTRAP_ADMIN_PASSWORD)' : DEMO.admin.password}${summary.admin === 'exists' ? ' (existing admin kept)' : ''}`,
    `  merchant     ${summary.merchantId} (${DEMO.merchant.businessName}), owner ${DEMO.merchant.owner.email} / ${DEMO.merchant.owner.password}`,
    ...summary.shoppers.map(
      (s) => `  shopper      ${s.email} / ${DEMO.shoppers[0].password}, wallet ${s.walletId}`,
    ),
  ];
  if (summary.newCredentials) {
    const file =
      env.DEMO_KEYS_FILE ?? fileURLToPath(new URL('../../../../.ducat-demo.json', import.meta.url));
    await writeFile(
      file,
      `${JSON.stringify({ merchantId: summary.merchantId, mode: 'test', ...summary.newCredentials }, null, 2)}\n`,
      { mode: 0o600 },
    );
    lines.push(
      `  test API key ${summary.newCredentials.apiKey}`,
      `  webhook key  ${summary.newCredentials.webhookSecret}`,
      `  (shown once; saved to ${file}, which git ignores)`,
    );
  } else {
    lines.push('  merchant keys were shown when first created (see .ducat-demo.json)');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await writer.stop();
  await database.close();
  redis.disconnect();
}

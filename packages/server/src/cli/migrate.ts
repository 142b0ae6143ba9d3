import { migrateDatabase } from '../db/migrate.js';
import { ConfigError, loadEnv } from '../env.js';

try {
  const env = loadEnv();
  const { database } = await migrateDatabase(env.DATABASE_URL);
  process.stdout.write(`Migrations applied to ${database}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 1 : 2);
}

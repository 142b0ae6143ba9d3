import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { splitDatabaseUrl } from '../env.js';
import { createDatabase } from './client.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

const SAFE_DB_NAME = /^[A-Za-z0-9_$]{1,64}$/;

/** Creates the database if it does not exist (utf8mb4), then applies every pending migration. */
export async function migrateDatabase(databaseUrl: string): Promise<{ database: string }> {
  const { serverUrl, database } = splitDatabaseUrl(databaseUrl);
  if (!SAFE_DB_NAME.test(database)) {
    throw new Error(`Database name "${database}" must match ${SAFE_DB_NAME}`);
  }
  const server = await mysql.createConnection({ uri: serverUrl, connectTimeout: 5_000 });
  try {
    await server.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await server.end();
  }
  const { db, close } = createDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await close();
  }
  return { database };
}

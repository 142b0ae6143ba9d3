import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnv, splitDatabaseUrl } from '../env.js';
import { dropDatabase } from '../test/harness.js';
import { migrateDatabase } from './migrate.js';

describe('migrate', () => {
  const url = new URL(loadEnv().DATABASE_URL);
  url.pathname = `/ducat_t_mig_${randomBytes(4).toString('hex')}`;
  afterAll(async () => dropDatabase(url.toString()));

  it('creates a missing database in utf8mb4, applies migrations, and is a no-op when rerun', async () => {
    const { serverUrl, database } = splitDatabaseUrl(url.toString());
    await migrateDatabase(url.toString());
    await migrateDatabase(url.toString());
    const server = await mysql.createConnection({ uri: serverUrl });
    try {
      const [schemas] = await server.query(
        'SELECT default_character_set_name AS cs FROM information_schema.schemata WHERE schema_name = ?',
        [database],
      );
      expect((schemas as { cs: string }[])[0]?.cs).toBe('utf8mb4');
      const [applied] = await server.query(
        `SELECT count(*) AS n FROM \`${database}\`.__drizzle_migrations`,
      );
      expect(Number((applied as { n: number }[])[0]?.n)).toBeGreaterThanOrEqual(1);
      const [tables] = await server.query(
        'SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
        [database, 'outbox_events'],
      );
      expect(Number((tables as { n: number }[])[0]?.n)).toBe(1);
    } finally {
      await server.end();
    }
  });

  it('refuses a database name that could inject SQL', async () => {
    await expect(migrateDatabase('mysql://root@127.0.0.1:3306/bad%60name')).rejects.toThrow(
      /must match/,
    );
  });
});

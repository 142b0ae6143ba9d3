import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import mysql from 'mysql2/promise';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = MySql2Database<Schema>;
/** A transaction handle; domain functions take it explicitly (`{ tx }`) and never open their own. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the pool-backed database or a transaction: for reads that may run inside one. */
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  pool: mysql.Pool;
  close(): Promise<void>;
};

export type CreateDatabaseOptions = {
  url: string;
  poolSize?: number;
  /** Fail fast instead of queueing forever when the server is unreachable. */
  connectTimeoutMs?: number;
  /**
   * Capture the caller's stack for every query so a failed query's error points at our code.
   * Costs an `Error.captureStackTrace` per query (about 2% of a busy server's CPU): on by default,
   * off in production.
   */
  traceQueries?: boolean;
};

export function createDatabase(options: CreateDatabaseOptions): Database {
  const pool = mysql.createPool({
    uri: options.url,
    connectionLimit: options.poolSize ?? 10,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    // All timestamps are UTC end to end: in the driver's conversions and in the session, so
    // CURRENT_TIMESTAMP(3) and JS Dates agree.
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: false,
    enableKeepAlive: true,
    trace: options.traceQueries ?? true,
  });
  pool.on('connection', (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  const db = drizzle(pool, { schema, mode: 'default', casing: 'snake_case' });
  let closed = false;
  return {
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

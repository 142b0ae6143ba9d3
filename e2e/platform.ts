/**
 * What both apps' browser tests share about the platform under test: the sandbox provider's test
 * cards, and the one step no API offers (an order's time run out).
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { E2E } from './ports';

/** Requires what only the server package depends on (mysql2, ioredis) from scripts here. */
export const fromServer = createRequire(
  resolve(import.meta.dirname, '..', 'packages/server/package.json'),
);

/** The MariaDB/MySQL server the stack's database lives on. */
export const e2eDatabaseServer = process.env.E2E_DB_SERVER_URL ?? 'mysql://root@127.0.0.1:3306';

/** The sandbox provider's test cards (see the README's Sandbox provider). */
export const CARDS = {
  success: '4242424242424242',
  decline: '4000000000000002',
  late: '4000000000000028',
};

/**
 * Moves an order's expiry into the past in the stack's database, as if its time had run out
 * (orders may not be created with less than 5 minutes to pay). The platform treats the
 * database as the truth of expiry, so the next look at the order times it out.
 */
export async function expireOrderNow(orderId: string): Promise<void> {
  // mysql2 is the server's dependency, not this app's: the smallest shape used here.
  const mysql = fromServer('mysql2/promise') as {
    createConnection(url: string): Promise<{
      query(sql: string, values: unknown[]): Promise<unknown>;
      end(): Promise<void>;
    }>;
  };
  const connection = await mysql.createConnection(`${e2eDatabaseServer}/${E2E.database}`);
  try {
    await connection.query(
      'UPDATE orders SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE WHERE id = ? AND status = ?',
      [orderId, 'created'],
    );
  } finally {
    await connection.end();
  }
}

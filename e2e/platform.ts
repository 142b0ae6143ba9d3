/**
 * What both apps' browser tests share about the platform under test: the sandbox provider's test
 * cards, and the one step no API offers (an order's time run out).
 */
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { E2E, E2E_DEMO_KEYS_FILE, E2E_URLS } from './ports';

/** Requires what only the server package depends on (mysql2, ioredis) from scripts here. */
export const fromServer = createRequire(
  resolve(import.meta.dirname, '..', 'packages/server/package.json'),
);

/** The MariaDB/MySQL server the stack's database lives on. */
export const e2eDatabaseServer = process.env.E2E_DB_SERVER_URL ?? 'mysql://root@127.0.0.1:3306';

/** The demo merchant's test-mode keys, as the stack's seed wrote them. */
export function demoKeys(): { merchantId: string; apiKey: string; webhookSecret: string } {
  return JSON.parse(
    readFileSync(resolve(import.meta.dirname, '..', E2E_DEMO_KEYS_FILE), 'utf8'),
  ) as { merchantId: string; apiKey: string; webhookSecret: string };
}

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

/** Drops a database a spec made for itself on the stack's server (its own API's). */
export async function dropDatabase(name: string): Promise<void> {
  const mysql = fromServer('mysql2/promise') as {
    createConnection(
      url: string,
    ): Promise<{ query(sql: string): Promise<unknown>; end(): Promise<void> }>;
  };
  const connection = await mysql.createConnection(e2eDatabaseServer);
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name.replace(/[^\w]/g, '')}\``);
  } finally {
    await connection.end();
  }
}

type Connection = {
  query(sql: string, values: unknown[]): Promise<unknown>;
  end(): Promise<void>;
};

async function withDatabase<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
  const mysql = fromServer('mysql2/promise') as {
    createConnection(url: string): Promise<Connection>;
  };
  const connection = await mysql.createConnection(`${e2eDatabaseServer}/${E2E.database}`);
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/** The IPNs queued for an order, in order (one row per event, however often it is delivered). */
export async function ipnTypesOf(orderId: string): Promise<string[]> {
  return withDatabase(async (connection) => {
    const [rows] = (await connection.query(
      'SELECT type FROM ipn_deliveries WHERE order_id = ? ORDER BY seq',
      [orderId],
    )) as [{ type: string }[]];
    return rows.map((r) => r.type);
  });
}

/**
 * The stack's sandbox runs with SANDBOX_PROVIDER_SECRET's development default (the stack sets
 * none); a development value, not a secret.
 */
const SANDBOX_DEV_SECRET = 'sandbox-dev-only-secret-do-not-use-in-production';

/**
 * Arms the sandbox's simulated outage (`POST /v1/faults`): the next `times` payments created for
 * exactly `amount` answer 500 (`error`) or get no answer in time (`timeout`). Use an amount no
 * other test uses at the same time.
 */
export async function armSandboxFault(
  fault: 'error' | 'timeout',
  amount: number,
  times = 1,
): Promise<void> {
  const response = await fetch(`${E2E_URLS.sandbox}/v1/faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SANDBOX_DEV_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ operation: 'create_payment', fault, amount, times }),
  });
  if (!response.ok) throw new Error(`sandbox fault refused: ${response.status}`);
}

/**
 * Runs `work` while no other test (in any worker of either project) runs work under the same
 * `name`: for tests that change one platform-wide record, such as the risk rule set, whose
 * versions another test would otherwise move under them. A directory is the lock (mkdir is
 * atomic); one left by a killed run is taken over after three minutes.
 */
export async function exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
  const root = resolve(import.meta.dirname, '..', 'test-results', 'e2e');
  mkdirSync(root, { recursive: true });
  const lock = resolve(root, `lock-${name}`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client.js';
import { MIGRATIONS_FOLDER, migrateDatabase } from '../../db/migrate.js';
import { events, ipnDeliveries, webhookEndpoints } from '../../db/schema/index.js';
import { loadEnv, splitDatabaseUrl } from '../../env.js';
import { encryptSecret } from '../../infra/secrets.js';
import { dropDatabase } from '../../test/harness.js';
import { postIpn } from '../ipn/post-ipn.js';
import { verifyIpnSignature } from '../ipn/sign-ipn.js';

/** The migrations as they were before webhook endpoints (0018 and later left out). */
function migrationsBeforeEndpoints(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ducat-mig-'));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag.endsWith('_webhook_endpoints'));
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe('migration 0018: the IPN URL becomes the first webhook endpoint', () => {
  const env = loadEnv();
  const url = new URL(env.DATABASE_URL);
  url.pathname = `/ducat_t_mig17_${randomBytes(4).toString('hex')}`;
  const masterKey = randomBytes(32);
  const folders: string[] = [];
  afterAll(async () => {
    await dropDatabase(url.toString());
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  });

  it('keeps every merchant receiving its IPNs, signed with the secret it already has', async () => {
    const old = migrationsBeforeEndpoints();
    folders.push(old);
    const { serverUrl, database } = splitDatabaseUrl(url.toString());
    const server = await mysql.createConnection({ uri: serverUrl });
    try {
      await server.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
    } finally {
      await server.end();
    }

    // A merchant from before endpoints: an IPN URL, a test webhook secret, a pending IPN.
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const ipnUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ipn`;
    const secret = 'dwhsec_test_legacy-secret-of-the-merchant';
    try {
      const before = createDatabase({ url: url.toString(), poolSize: 1 });
      try {
        await migrate(before.db, { migrationsFolder: old });
        const raw = before.pool;
        await raw.query(
          `INSERT INTO merchants (id, business_name, website, contact_email, callback_url, ipn_url, allowed_origins, status)
           VALUES ('mch_legacy', 'Legacy', 'https://l.example', 'a@l.example', 'https://l.example/r', ?, '[]', 'active'),
                  ('mch_noipn', 'No IPN', 'https://n.example', 'a@n.example', 'https://n.example/r', '', '[]', 'active')`,
          [ipnUrl],
        );
        await raw.query(
          `INSERT INTO merchant_credentials (id, merchant_id, mode, kind, hint, secret_ciphertext)
           VALUES ('key_legacywh', 'mch_legacy', 'test', 'webhook_secret', 'dwhsec_test_…cret', ?)`,
          [encryptSecret({ masterKey, plaintext: secret, associatedData: 'key_legacywh' })],
        );
        const body = {
          id: 'evt_legacy1',
          type: 'order.checkout_success',
          created: 1_700_000_000,
          livemode: false,
          seq: 1,
          data: { order: { id: 'ord_legacy1' } },
        };
        await raw.query(
          `INSERT INTO ipn_deliveries (id, event_id, merchant_id, mode, order_id, type, seq, body, url, status, next_attempt_at, give_up_at)
           VALUES ('ipn_legacy1', 'evt_legacy1', 'mch_legacy', 'test', 'ord_legacy1', 'order.checkout_success', 1, ?, ?, 'pending', NOW(3), NOW(3) + INTERVAL 1 DAY)`,
          [JSON.stringify(body), ipnUrl],
        );
      } finally {
        await before.close();
      }

      await migrateDatabase(url.toString());

      const after = createDatabase({ url: url.toString(), poolSize: 2 });
      try {
        const endpoints = await after.db.select().from(webhookEndpoints);
        expect(
          endpoints.map((e) => [e.merchantId, e.mode, e.url, e.primary, e.enabledEvents]).sort(),
        ).toEqual([
          ['mch_legacy', 'live', ipnUrl, true, ['*']],
          ['mch_legacy', 'test', ipnUrl, true, ['*']],
        ]);
        for (const e of endpoints) expect(e.id).toMatch(/^we_[1-9A-HJ-NP-Za-km-z]{22}$/);
        const testEndpoint = endpoints.find((e) => e.mode === 'test');
        const [delivery] = await after.db
          .select()
          .from(ipnDeliveries)
          .where(eq(ipnDeliveries.id, 'ipn_legacy1'));
        if (!delivery || !testEndpoint) throw new Error('rows missing');
        expect(delivery.endpointId).toBe(testEndpoint.id);
        // The IPN sent so far is an event of the events API.
        const [event] = await after.db.select().from(events).where(eq(events.id, 'evt_legacy1'));
        expect(event).toMatchObject({ merchantId: 'mch_legacy', type: 'order.checkout_success' });

        // The pending IPN goes out signed with the merchant's existing secret.
        const result = await postIpn({
          db: after.db,
          masterKey,
          delivery,
          timeoutMs: 2_000,
          allowPrivateNetworks: true,
        });
        expect(result).toMatchObject({ ok: true, statusCode: 200 });
        const [got] = received;
        if (!got) throw new Error('nothing received');
        expect(
          verifyIpnSignature({
            header: got.headers['ducat-signature'] as string,
            body: got.body,
            secrets: [secret],
          }).ok,
        ).toBe(true);
      } finally {
        await after.close();
      }
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});

/**
 * Search at volume: N order documents (default 1,000,000; 50 merchants, 100,000 shoppers,
 * descriptions from a 2,000-word vocabulary) bulk-inserted into the search index, then the
 * portal's searches timed through `searchRecords` (the code behind `search.query`): exact ids,
 * references and emails, words within a merchant, a word across all merchants. Then the index
 * lag under load: `--load` new orders (default 2,000) created by 8 concurrent writers, each
 * with its `order.created` event, indexed by the real consumer behind the outbox relay.
 *
 * Prints one JSON line per search kind, one for all searches, one for the lag (stdout);
 * progress on stderr.
 *
 *   pnpm bench:search [--orders 1000000] [--queries 200] [--load 2000]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { orders } from '../src/db/schema/index.js';
import type { SearchScope } from '../src/domains/search/search-index.js';
import { searchRecords } from '../src/domains/search/search-records.js';
import { createSqlSearchIndex } from '../src/domains/search/sql-search-index.js';
import { searchIndexSubscription } from '../src/domains/search/update-search-index.js';
import { loadEnv } from '../src/env.js';
import { outbox } from '../src/events/index.js';
import { createInProcessBus } from '../src/infra/event-bus.js';
import { createLogger } from '../src/infra/logger.js';
import { createOutboxRelay } from '../src/infra/outbox-relay.js';
import { dropDatabase } from '../src/test/harness.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '200' },
    load: { type: 'string', default: '2000' },
  },
});
const N = Number(values.orders);
const Q = Number(values.queries);
const LOAD = Number(values.load);
const MERCHANTS = 50;
const SHOPPERS = 100_000;
const note = (message: string) => process.stderr.write(`${message}\n`);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

// A deterministic pseudo-random stream, so every run searches the same data.
let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ru',
  'te',
  'sa',
  'no',
  'vi',
  'po',
  'de',
  'fa',
  'gu',
  'zo',
  'be',
];
const VOCABULARY = Array.from({ length: 2_000 }, (_, i) => {
  let w = '';
  let n = i + 200;
  while (n > 0) {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return w;
});
const merchantId = (m: number) => `mch_bench${String(m).padStart(17, '0')}`;
const orderId = (i: number) => `ord_bench${String(i).padStart(17, '0')}`;
const reference = (i: number) => `INV-${String(i).padStart(8, '0')}`;
const email = (s: number) => `shopper${s}@example.com`;

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  const r = (v: number) => Math.round(v * 100) / 100;
  return { p50_ms: r(at(0.5)), p99_ms: r(at(0.99)), max_ms: r(sorted[sorted.length - 1] ?? 0) };
}

async function main(): Promise<void> {
  const base = loadEnv();
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/ducat_bench_search_${randomBytes(4).toString('hex')}`;
  const databaseUrl = url.toString();
  await migrateDatabase(databaseUrl);
  const database = createDatabase({ url: databaseUrl, poolSize: 10 });
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  try {
    note(`inserting ${N.toLocaleString('en')} order documents…`);
    let started = performance.now();
    // Bulk load without the FULLTEXT index, then build it once (a sort, not 1M index inserts).
    await database.pool.query('ALTER TABLE search_documents DROP INDEX search_documents_ft');
    const CHUNK = 5_000;
    const created = new Date('2026-11-01T00:00:00Z').getTime();
    for (let from = 0; from < N; from += CHUNK) {
      const rows: unknown[][] = [];
      for (let i = from; i < Math.min(N, from + CHUNK); i++) {
        const m = i % MERCHANTS;
        const s = Math.floor(rand() * SHOPPERS);
        const words = [pick(VOCABULARY), pick(VOCABULARY), pick(VOCABULARY)].join(' ');
        const at = new Date(created + i * 1_000);
        rows.push([
          'order',
          orderId(i),
          merchantId(m),
          i % 7 === 0 ? 'live' : 'test',
          reference(i),
          `${1_000 + (i % 9_000)} EUR · checkout_success · ${words} · ${email(s)}`,
          `${orderId(i)} ${reference(i)} ${words} ${email(s)}`,
          reference(i),
          email(s),
          `usr_bench${s}`,
          'checkout_success',
          1,
          at,
          at,
          at,
        ]);
      }
      await database.pool.query(
        `INSERT INTO search_documents (kind, record_id, merchant_id, mode, title, body, searchable,
           ref_key, email_key, shopper_id, status, source_version, record_created_at, event_at,
           indexed_at) VALUES ?`,
        [rows],
      );
      if ((from / CHUNK) % 20 === 0) note(`  ${from.toLocaleString('en')}`);
    }
    const insertSeconds = (performance.now() - started) / 1000;
    note(`building the FULLTEXT index…`);
    started = performance.now();
    await database.pool.query(
      'ALTER TABLE search_documents ADD FULLTEXT INDEX search_documents_ft (searchable)',
    );
    const ftSeconds = (performance.now() - started) / 1000;
    note(`  insert ${insertSeconds.toFixed(1)} s, FULLTEXT ${ftSeconds.toFixed(1)} s`);

    const index = createSqlSearchIndex({ db: database.db });
    const merchantScope = (): SearchScope => ({
      kind: 'merchant',
      merchantId: merchantId(Math.floor(rand() * MERCHANTS)),
      mode: 'test',
    });
    const all: SearchScope = { kind: 'all' };
    const kinds: { name: string; next(): { scope: SearchScope; query: string } }[] = [
      { name: 'exact_id', next: () => ({ scope: all, query: orderId(Math.floor(rand() * N)) }) },
      {
        name: 'exact_reference',
        next: () => {
          const i = Math.floor(rand() * N);
          return {
            scope: {
              kind: 'merchant',
              merchantId: merchantId(i % MERCHANTS),
              mode: i % 7 === 0 ? 'live' : 'test',
            },
            query: reference(i),
          };
        },
      },
      {
        name: 'exact_email',
        next: () => ({ scope: all, query: email(Math.floor(rand() * SHOPPERS)) }),
      },
      {
        name: 'words_in_merchant',
        next: () => ({ scope: merchantScope(), query: `${pick(VOCABULARY)} ${pick(VOCABULARY)}` }),
      },
      { name: 'word_all_merchants', next: () => ({ scope: all, query: pick(VOCABULARY) }) },
    ];
    const everything: number[] = [];
    for (const kind of kinds) {
      const samples: number[] = [];
      let hits = 0;
      for (let q = 0; q < Q; q++) {
        const { scope, query } = kind.next();
        const t0 = performance.now();
        const result = await searchRecords({ index, scope, query, limit: 20 });
        samples.push(performance.now() - t0);
        hits += result.hits.length;
      }
      everything.push(...samples);
      process.stdout.write(
        `${JSON.stringify({ bench: 'search', impl: 'mariadb-fulltext', query: kind.name, orders: N, queries: Q, mean_hits: Math.round((hits / Q) * 10) / 10, ...percentiles(samples) })}\n`,
      );
    }
    const overall = percentiles(everything);
    process.stdout.write(
      `${JSON.stringify({ bench: 'search', impl: 'mariadb-fulltext', query: 'all', orders: N, queries: everything.length, insert_per_s: Math.round(N / insertSeconds), fulltext_build_s: Math.round(ftSeconds * 10) / 10, ...overall, peak_rss_mb: peakRssMb(), invariants: overall.p99_ms < 50 ? 'ok' : 'violated' })}\n`,
    );

    note(`index lag under load: ${LOAD} new orders from 8 writers…`);
    const bus = createInProcessBus({ db: database.db, logger });
    bus.subscribe(searchIndexSubscription({ index }));
    const relay = createOutboxRelay({ database, bus, logger });
    relay.start();
    started = performance.now();
    let next = 0;
    const writer = async () => {
      for (;;) {
        const i = next++;
        if (i >= LOAD) return;
        const id = `ord_load${String(i).padStart(18, '0')}`;
        const m = merchantId(i % MERCHANTS);
        await database.db.transaction(async (tx) => {
          await tx.insert(orders).values({
            id,
            merchantId: m,
            mode: 'test',
            reference: `LOAD-${i}`,
            amount: 1_000,
            currency: 'EUR',
            description: `${pick(VOCABULARY)} ${pick(VOCABULARY)}`,
            returnUrl: 'https://shop.example/r',
            cancelUrl: 'https://shop.example/c',
            expiresAt: new Date(Date.now() + 3_600_000),
          });
          await outbox.append({
            tx,
            type: 'order.created',
            aggregateId: id,
            payload: {
              orderId: id,
              merchantId: m,
              mode: 'test',
              amount: 1_000,
              currency: 'EUR',
              expiresAt: new Date().toISOString(),
            },
          });
        });
        relay.wake();
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    const writeSeconds = (performance.now() - started) / 1000;
    await relay.drain();
    await relay.stop();
    const [rows] = (await database.db.execute(sql`
      SELECT TIMESTAMPDIFF(MICROSECOND, event_at, indexed_at) AS us FROM search_documents
       WHERE record_id LIKE 'ord_load%'`)) as unknown as [{ us: number | string }[]];
    const lags = rows.map((r) => Number(r.us) / 1000);
    const lag = percentiles(lags);
    process.stdout.write(
      `${JSON.stringify({ bench: 'search_lag', impl: 'mariadb-fulltext', orders_in_index: N, new_orders: LOAD, indexed: lags.length, orders_per_s: Math.round(LOAD / writeSeconds), ...lag, peak_rss_mb: peakRssMb(), invariants: lags.length === LOAD && lag.p99_ms < 2_000 ? 'ok' : 'violated' })}\n`,
    );
  } finally {
    await database.close();
    await dropDatabase(databaseUrl);
  }
}

await main();

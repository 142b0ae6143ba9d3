/**
 * Search at volume: N order documents (default 1,000,000; 50 merchants, 100,000 shoppers,
 * three description words each from a 2,000-word vocabulary) bulk-loaded into the search index
 * (`search_documents` and its exact terms, by LOAD DATA LOCAL as the ledger writer does), then
 * the portal's searches timed through `searchRecords` (the code behind `search.query`): exact ids,
 * references and emails (a merchant's and platform staff's), a word and two words within a
 * merchant, a word across all merchants. Every query is made from a document that exists, so each must find
 * something (`found` is the share that did; exact ids and references must return their order
 * first). Then the index lag under load: `--load` new orders (default 2,000) created by 8
 * concurrent writers, each with its `order.created` event, indexed by the real consumer behind
 * the outbox relay.
 *
 * Prints one JSON line per search kind, one for all searches, one for the lag (stdout);
 * progress on stderr.
 *
 *   pnpm bench:search [--orders 1000000] [--queries 200] [--load 2000] [--keep]
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { orders } from '../src/db/schema/index.js';
import { createBulkRows } from '../src/domains/ledger/bulk-rows.js';
import type { SearchDocument, SearchScope } from '../src/domains/search/search-index.js';
import { searchRecords } from '../src/domains/search/search-records.js';
import {
  createSqlSearchIndex,
  DOCUMENT_COLUMNS,
  documentCells,
  TERM_COLUMNS,
  termCells,
} from '../src/domains/search/sql-search-index.js';
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
    /** Keep the database afterwards (its name on stderr), to look at its plans by hand. */
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.orders);
const Q = Number(values.queries);
const LOAD = Number(values.load);
const MERCHANTS = 50;
const SHOPPERS = 100_000;
const note = (message: string) => process.stderr.write(`${message}\n`);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

// A deterministic pseudo-random stream (mulberry32: 32-bit integer steps, so no precision is
// lost; the float LCG before it cycled after ~16,000 values), so every run searches the same data.
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const below = (n: number) => Math.floor(rand() * n);
// What document i holds is a function of i alone, so a query can be made from any document.
const hash = (i: number, salt: number) => {
  let h = Math.imul(i ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};
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
const word = (n: number) => VOCABULARY[n % VOCABULARY.length] as string;
const CREATED = new Date('2026-11-01T00:00:00Z').getTime();

/** Order document i, as the consumer would write it (same fields, same text). */
function benchDocument(i: number): SearchDocument {
  const s = hash(i, 1) % SHOPPERS;
  const words = [word(hash(i, 2)), word(hash(i, 3)), word(hash(i, 4))].join(' ');
  const at = new Date(CREATED + i * 1_000);
  return {
    kind: 'order',
    recordId: orderId(i),
    merchantId: merchantId(i % MERCHANTS),
    mode: modeOf(i),
    title: reference(i),
    body: `${1_000 + (i % 9_000)} EUR · checkout_success · ${words} · ${email(s)}`,
    searchable: `${reference(i)} ${words} ${email(s)}`,
    refKey: reference(i),
    emailKey: email(s),
    shopperId: `usr_bench${s}`,
    status: 'checkout_success',
    sourceVersion: 1,
    recordCreatedAt: at,
    eventAt: at,
  };
}
function modeOf(i: number): string {
  return i % 7 === 0 ? 'live' : 'test';
}
/** The scope of document i's merchant, in its mode (what its staff search in). */
function merchantOf(i: number): SearchScope {
  return { kind: 'merchant', merchantId: merchantId(i % MERCHANTS), mode: modeOf(i) };
}

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
    note(`loading ${N.toLocaleString('en')} order documents…`);
    const seedStarted = performance.now();
    let started = seedStarted;
    // Load without the secondary indexes, then build each once (a sort, not N index inserts).
    // The FULLTEXT index is dropped by a table copy (the table is empty): an in-place drop keeps
    // InnoDB's hidden FTS_DOC_ID column, and on MariaDB 10.11 an index added back in place then
    // matches none of the rows loaded in between (the bench's word queries found nothing).
    await database.pool.query(
      'ALTER TABLE search_documents DROP INDEX search_documents_ft, ALGORITHM=COPY',
    );
    await database.pool.query(
      'ALTER TABLE search_terms DROP INDEX search_terms_merchant_idx, DROP INDEX search_terms_term_idx',
    );
    const bulk = createBulkRows({ logger });
    const conn = await database.pool.getConnection();
    try {
      const CHUNK = 10_000;
      for (let from = 0; from < N; from += CHUNK) {
        const docs = Array.from({ length: Math.min(N, from + CHUNK) - from }, (_, k) =>
          benchDocument(from + k),
        );
        await bulk.insert(conn, 'search_documents', DOCUMENT_COLUMNS, docs.map(documentCells));
        await bulk.insert(conn, 'search_terms', TERM_COLUMNS, docs.flatMap(termCells));
        if ((from / CHUNK) % 10 === 0) note(`  ${from.toLocaleString('en')}`);
      }
    } finally {
      conn.release();
    }
    const loadSeconds = (performance.now() - started) / 1000;
    note('building the FULLTEXT index…');
    started = performance.now();
    await database.pool.query(
      'ALTER TABLE search_documents ADD FULLTEXT INDEX search_documents_ft (searchable)',
    );
    const ftSeconds = (performance.now() - started) / 1000;
    note("building the exact terms' indexes…");
    started = performance.now();
    await database.pool.query(
      `ALTER TABLE search_terms ADD INDEX search_terms_merchant_idx (merchant_id, term, mode),
         ADD INDEX search_terms_term_idx (term, mode)`,
    );
    const termsSeconds = (performance.now() - started) / 1000;
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    note(
      `  load ${loadSeconds.toFixed(1)} s (${bulk.mode()}), FULLTEXT ${ftSeconds.toFixed(1)} s, terms' indexes ${termsSeconds.toFixed(1)} s; seed ${seedSeconds.toFixed(1)} s`,
    );

    const index = createSqlSearchIndex({ db: database.db });
    const all: SearchScope = { kind: 'all' };
    type Query = {
      scope: SearchScope;
      query: string;
      first?: string;
      contains?: string;
      email?: string;
    };
    const kinds: { name: string; next(i: number): Query }[] = [
      {
        name: 'exact_id_admin',
        next: (i) => ({ scope: all, query: orderId(i), first: orderId(i) }),
      },
      {
        name: 'exact_reference_merchant',
        next: (i) => ({ scope: merchantOf(i), query: reference(i), first: orderId(i) }),
      },
      {
        name: 'exact_email_merchant',
        next: (i) => {
          const e = benchDocument(i).emailKey ?? '';
          return { scope: merchantOf(i), query: e, email: e };
        },
      },
      {
        name: 'exact_email_admin',
        next: (i) => {
          const e = benchDocument(i).emailKey ?? '';
          return { scope: all, query: e, email: e };
        },
      },
      {
        name: 'word_in_merchant',
        next: (i) => ({ scope: merchantOf(i), query: word(hash(i, 3)) }),
      },
      {
        name: 'words_in_merchant',
        next: (i) => ({
          scope: merchantOf(i),
          query: `${word(hash(i, 2))} ${word(hash(i, 4))}`,
          contains: orderId(i),
        }),
      },
      { name: 'word_all_merchants', next: (i) => ({ scope: all, query: word(hash(i, 3)) }) },
    ];
    const everything: number[] = [];
    let allFound = true;
    for (const kind of kinds) {
      const samples: number[] = [];
      let hits = 0;
      let found = 0;
      for (let q = 0; q < Q; q++) {
        const { scope, query, first, contains, email: wanted } = kind.next(below(N));
        const t0 = performance.now();
        const result = await searchRecords({ index, scope, query, limit: 20 });
        samples.push(performance.now() - t0);
        hits += result.hits.length;
        // Found: the document the query was made from comes first (ids, references) or is among
        // the hits (two of its words), or every hit has the email.
        const ok =
          result.hits.length > 0 &&
          (first === undefined || result.hits[0]?.id === first) &&
          (contains === undefined || result.hits.some((h) => h.id === contains)) &&
          (wanted === undefined || result.hits.every((h) => h.email === wanted));
        if (ok) found++;
      }
      if (found < Q) allFound = false;
      everything.push(...samples);
      process.stdout.write(
        `${JSON.stringify({ bench: 'search', impl: 'mariadb', query: kind.name, orders: N, queries: Q, mean_hits: Math.round((hits / Q) * 10) / 10, found: Math.round((found / Q) * 1000) / 1000, ...percentiles(samples) })}\n`,
      );
    }
    const overall = percentiles(everything);
    process.stdout.write(
      `${JSON.stringify({ bench: 'search', impl: 'mariadb', query: 'all', orders: N, queries: everything.length, seed_s: Math.round(seedSeconds * 10) / 10, load_per_s: Math.round(N / loadSeconds), fulltext_build_s: Math.round(ftSeconds * 10) / 10, terms_build_s: Math.round(termsSeconds * 10) / 10, ...overall, peak_rss_mb: peakRssMb(), cpus: cpus().length, load_avg_1m: Math.round((loadavg()[0] ?? 0) * 10) / 10, invariants: overall.p99_ms < 50 && allFound ? 'ok' : 'violated' })}\n`,
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
            description: `${word(below(VOCABULARY.length))} ${word(below(VOCABULARY.length))}`,
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
      `${JSON.stringify({ bench: 'search_lag', impl: 'mariadb', orders_in_index: N, new_orders: LOAD, indexed: lags.length, orders_per_s: Math.round(LOAD / writeSeconds), ...lag, peak_rss_mb: peakRssMb(), invariants: lags.length === LOAD && lag.p99_ms < 2_000 ? 'ok' : 'violated' })}\n`,
    );
  } finally {
    await database.close();
    if (values.keep) note(`kept ${databaseUrl}`);
    else await dropDatabase(databaseUrl);
  }
}

await main();

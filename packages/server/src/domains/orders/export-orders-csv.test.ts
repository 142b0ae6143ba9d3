import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { orders, users } from '../../db/schema/index.js';
import { useTestEnv } from '../../test/harness.js';
import { createMerchant } from '../../test/identity.js';
import { csvCell, decimalOf, exportOrdersCsv } from './export-orders-csv.js';

describe('CSV cells and money', () => {
  it('writes minor units as decimal strings in each currency’s exponent, with integers only', () => {
    expect(decimalOf(1250, 'EUR')).toBe('12.50');
    expect(decimalOf(5, 'EUR')).toBe('0.05');
    expect(decimalOf(0, 'EUR')).toBe('0.00');
    expect(decimalOf(-1999, 'USD')).toBe('-19.99');
    expect(decimalOf(1250, 'JPY')).toBe('1250');
    expect(decimalOf(1250, 'KWD')).toBe('1.250');
    // Beyond a double's exact decimals: still exact.
    expect(decimalOf(9_007_199_254_740_991, 'EUR')).toBe('90071992547409.91');
    expect(() => decimalOf(1.5, 'EUR')).toThrow(RangeError);
  });

  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvCell(formula).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    // Our own negative amounts stay numbers.
    expect(csvCell('-19.99', true)).toBe('-19.99');
  });
});

const t = useTestEnv();

describe('exporting 100,000 orders', () => {
  const COUNT = 100_000;
  let merchantId: string;

  beforeAll(async () => {
    merchantId = (await createMerchant(t(), { status: 'active' })).merchantId;
    const db = t().database.db;
    // Bulk SQL (MariaDB's sequence engine): one statement, no 100,000 round trips. Order n was
    // created n seconds before a fixed instant, so the newest is n = 1.
    await db.execute(sql`
      INSERT INTO ${orders} (id, merchant_id, mode, reference, amount, currency, return_url,
        cancel_url, status, expires_at, created_at, updated_at)
      SELECT CONCAT('ord_', LPAD(seq, 22, '0')), ${merchantId}, 'test', CONCAT('ref-', seq),
        seq, 'EUR', 'https://shop.example/r', 'https://shop.example/c', 'created',
        '2031-01-01 00:00:00.000',
        TIMESTAMPADD(SECOND, -seq, '2030-01-01 00:00:00.000'),
        TIMESTAMPADD(SECOND, -seq, '2030-01-01 00:00:00.000')
      FROM mysql.seq_1_to_100000`);
    // Two rows to read closely: a paid yen order with a shopper, and a hostile reference.
    await db.insert(users).values({
      id: 'usr_csv0000000000000000001',
      email: 'payer@example.com',
      passwordHash: 'x',
    });
    await db
      .update(orders)
      .set({
        currency: 'JPY',
        amount: 1_250,
        status: 'checkout_success',
        shopperId: 'usr_csv0000000000000000001',
        reference: '=HYPERLINK("http://evil","click"),x',
      })
      .where(sql`${orders.id} = ${`ord_${'2'.padStart(22, '0')}`}`);
  }, 120_000);

  it('streams every row with flat memory, in order, with the right content', async () => {
    // What the export keeps alive, not the garbage V8 has not collected yet: the heap after a
    // full collection, every ten pages.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    let rows = -1; // the header line
    let chunks = 0;
    const kept: string[] = [];
    const started = Date.now();
    for await (const chunk of exportOrdersCsv({ db: t().database.db, filter: { merchantId } })) {
      chunks++;
      const lines = chunk.split('\r\n').filter((l) => l.length > 0);
      if (kept.length < 4) kept.push(...lines.slice(0, 4 - kept.length));
      rows += lines.length;
      if (chunks % 10 === 0) gc();
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      if (chunks % 10 === 0) peakHeap = Math.max(peakHeap, now.heapUsed);
    }
    const rssGrowthMb = (peakRss - before.rss) / 2 ** 20;
    const heapGrowthMb = (peakHeap - before.heapUsed) / 2 ** 20;
    // Reported like the benchmarks: one JSON line.
    console.log(
      JSON.stringify({
        bench: 'orders_csv_export',
        rows,
        chunks,
        ms: Date.now() - started,
        peak_rss_mb: Math.round(peakRss / 2 ** 20),
        rss_growth_mb: Math.round(rssGrowthMb * 10) / 10,
        heap_growth_mb: Math.round(heapGrowthMb * 10) / 10,
      }),
    );
    expect(rows).toBe(COUNT);
    // A page at a time: the whole file (about 17 MB of text, far more as objects) is never held.
    expect(heapGrowthMb).toBeLessThan(24);
    expect(rssGrowthMb).toBeLessThan(96);

    expect(kept[0]).toBe(
      'order_id,reference,merchant_id,merchant_name,shopper_email,status,mode,currency,amount,captured,fee,refunded,payment_method,created_at,updated_at,final_at',
    );
    // Newest first; money as decimals per currency; times UTC ISO.
    expect(kept[1]).toBe(
      `ord_${'1'.padStart(22, '0')},ref-1,${merchantId},Test Shop,,created,test,EUR,0.01,0.00,0.00,0.00,,2029-12-31T23:59:59.000Z,2029-12-31T23:59:59.000Z,`,
    );
    expect(kept[2]).toBe(
      `ord_${'2'.padStart(22, '0')},"'=HYPERLINK(""http://evil"",""click""),x",${merchantId},Test Shop,payer@example.com,checkout_success,test,JPY,1250,0,0,0,,2029-12-31T23:59:58.000Z,2029-12-31T23:59:58.000Z,`,
    );
  }, 180_000);

  it('exports only what the filter matches', async () => {
    let body = '';
    for await (const chunk of exportOrdersCsv({
      db: t().database.db,
      filter: { merchantId, status: 'checkout_success' },
    })) {
      body += chunk;
    }
    const lines = body.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('payer@example.com');
  });
});

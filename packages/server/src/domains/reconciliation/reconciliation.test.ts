import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipnDeliveries, reconDifferences, reconRuns } from '../../db/schema/index.js';
import { useTestEnv } from '../../test/harness.js';
import {
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  startPaymentServer,
} from '../../test/payments.js';
import { generatedOrderId, generatedPaymentId, generateReconData } from '../../test/recon-data.js';
import { verifyLedger } from '../ledger/index.js';
import { reconDepsFrom } from './recon-deps.js';
import { type ReconDeps, runReconciliation, StoppedForTest } from './run-reconciliation.js';

const getEnv = useTestEnv(PAYMENT_TEST_ENV);
const N = 100_000;
const DAY = new Date('2026-11-20T00:00:00.000Z');
const scope = { from: DAY, to: new Date(DAY.getTime() + 86_400_000), merchantId: null };

let server: PaymentServer;
let deps: ReconDeps;
let merchantId: string;

/** One injected difference per category, each on its own line. */
async function injectDifferences(): Promise<Record<string, string>> {
  const pool = getEnv().database.pool;
  const q = (sql: string, params: unknown[]) => pool.query(sql, params);
  const at = new Date(DAY.getTime() + 3_600_000);
  // Paid at the provider, marked paid, but the capture never reached the ledger.
  await q(
    `INSERT INTO orders (id, merchant_id, mode, reference, amount, currency, return_url, cancel_url,
       status, expires_at, payment_method, provider_payment_id, captured_amount, created_at, updated_at)
     VALUES ('ord_xnoledger', ?, 'test', 'ref-x1', 700, 'EUR', 'https://s.example/r', 'https://s.example/c',
       'checkout_success', ?, 'provider', 'pp_xnoledger', 700, ?, ?)`,
    [merchantId, at, at, at],
  );
  await q(
    `INSERT INTO provider_payments (id, provider, provider_ref, purpose, order_id, merchant_id, mode,
       amount, currency, status, created_at, updated_at)
     VALUES ('pp_xnoledger', 'sandbox', 'sbx_xnoledger', 'order', 'ord_xnoledger', ?, 'test', 700, 'EUR',
       'succeeded', ?, ?)`,
    [merchantId, at, at],
  );
  await q(
    `INSERT INTO recon_settlement_lines (provider, provider_ref, type, reference, amount, currency, fee, settled_at, batch_id)
     VALUES ('sandbox', 'sbx_xnoledger', 'payment', 'pp_xnoledger', 700, 'EUR', 20, ?, 'inject'),
            ('sandbox', 'sbx_ghost', 'payment', 'pp_ghost', 1234, 'EUR', 36, ?, 'inject'),
            ('sandbox', 'sbx_dup', 'payment', ?, 1000, 'EUR', 29, ?, 'inject')`,
    [at, at, generatedPaymentId(merchantId, 15), at],
  );
  await q('DELETE FROM recon_settlement_lines WHERE reference = ?', [
    generatedPaymentId(merchantId, 11),
  ]);
  await q('UPDATE recon_settlement_lines SET amount = 999 WHERE reference = ?', [
    generatedPaymentId(merchantId, 12),
  ]);
  await q("UPDATE recon_settlement_lines SET currency = 'USD' WHERE reference = ?", [
    generatedPaymentId(merchantId, 13),
  ]);
  await q("UPDATE orders SET status = 'error_checkout' WHERE id = ?", [
    generatedOrderId(merchantId, 14),
  ]);
  return {
    'pay:ord_xnoledger': 'missing_in_ledger',
    [`pay:${generatedOrderId(merchantId, 11)}`]: 'missing_at_provider',
    'ref:pp_ghost': 'missing_order',
    [`pay:${generatedOrderId(merchantId, 12)}`]: 'amount_mismatch',
    [`pay:${generatedOrderId(merchantId, 13)}`]: 'currency_mismatch',
    [`pay:${generatedOrderId(merchantId, 14)}`]: 'status_mismatch',
    [`pay:${generatedOrderId(merchantId, 15)}`]: 'duplicate',
  };
}

let expected: Record<string, string>;

beforeAll(async () => {
  const t = getEnv();
  server = await startPaymentServer(t);
  const merchant = await paymentMerchant(t, server.base, { ipnUrl: 'http://127.0.0.1:9/ipn' });
  merchantId = merchant.merchantId;
  deps = reconDepsFrom(server.services, t.database.pool);
  await generateReconData({ pool: t.database.pool, n: N, merchantId, day: DAY });
  expected = await injectDifferences();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function differences() {
  return getEnv().database.db.select().from(reconDifferences).orderBy(reconDifferences.matchKey);
}

describe('reconciling 100,000 generated orders', () => {
  it('an interrupted run resumes where it stopped and finds each injected difference in its category, nothing else', async () => {
    const progress: number[] = [];
    await expect(
      runReconciliation({ deps, scope, origin: 'manual', stopAfterPages: 3 }),
    ).rejects.toBeInstanceOf(StoppedForTest);
    // A second start while the first still holds its lease does not start a twin.
    const twin = await runReconciliation({ deps, scope, origin: 'manual' });
    expect(twin.alreadyRunning).toBe(true);
    expect(twin.run.status).toBe('running');
    // The worker "died": its lease lapses and the next start resumes its run.
    await getEnv()
      .database.db.update(reconRuns)
      .set({ leaseUntil: new Date(0) });
    const { run, alreadyRunning } = await runReconciliation({
      deps,
      scope,
      origin: 'manual',
      onProgress: (p) => progress.push(p.processed),
    });
    expect(alreadyRunning).toBe(false);
    expect(run.id).toBe(twin.run.id);
    expect(run.status).toBe('completed');
    expect(run.ledgerOk).toBe(true);
    expect(progress[0]).toBeGreaterThan(3 * 1_000);
    expect(run.counts).toEqual({
      matched: N - 5,
      missing_in_ledger: 1,
      missing_at_provider: 1,
      missing_order: 1,
      amount_mismatch: 1,
      currency_mismatch: 1,
      status_mismatch: 1,
      duplicate: 1,
    });
    const found = await differences();
    expect(Object.fromEntries(found.map((d) => [d.matchKey, d.category]))).toEqual(expected);
    expect(found.every((d) => d.status === 'open')).toBe(true);
    // The merchant is told about the differences on its orders (all but the unknown payment).
    const ipns = await getEnv()
      .database.db.select()
      .from(ipnDeliveries)
      .where(
        and(
          eq(ipnDeliveries.merchantId, merchantId),
          eq(ipnDeliveries.type, 'order.reconciliation_difference'),
        ),
      );
    expect(ipns).toHaveLength(6);
    const [entries] = await getEnv().database.pool.query('SELECT COUNT(*) AS n FROM recon_entries');
    expect((entries as { n: number }[])[0]?.n).toBe(0);
  }, 90_000);

  it('a rerun gives the same result and adds no difference', async () => {
    const before = await differences();
    const { run } = await runReconciliation({ deps, scope, origin: 'manual' });
    expect(run.status).toBe('completed');
    expect(run.counts.matched).toBe(N - 5);
    const after = await differences();
    expect(after.map(({ lastRunId: _l, ...d }) => d)).toEqual(
      before.map(({ lastRunId: _l, ...d }) => d),
    );
    expect(after.every((d) => d.lastRunId === run.id)).toBe(true);
    const ipns = await getEnv()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.type, 'order.reconciliation_difference'));
    expect(ipns).toHaveLength(6);
  }, 60_000);

  it('a settlement that arrives the next day resolves its difference on the next run', async () => {
    const pool = getEnv().database.pool;
    await pool.query(
      `INSERT INTO recon_settlement_lines (provider, provider_ref, type, reference, amount, currency, fee, settled_at, batch_id)
       VALUES ('sandbox', 'sbx_late', 'payment', ?, 1000, 'EUR', 29, ?, 'late')`,
      [generatedPaymentId(merchantId, 11), new Date(DAY.getTime() + 90_000_000)],
    );
    const { run } = await runReconciliation({ deps, scope, origin: 'schedule' });
    expect(run.counts.matched).toBe(N - 4);
    expect(run.counts.missing_at_provider ?? 0).toBe(0);
    const [late] = await getEnv()
      .database.db.select()
      .from(reconDifferences)
      .where(eq(reconDifferences.matchKey, `pay:${generatedOrderId(merchantId, 11)}`));
    expect(late).toMatchObject({ status: 'resolved', resolution: 'auto' });
    expect((await differences()).filter((d) => d.status === 'open')).toHaveLength(6);
    expect((await verifyLedger({ pool })).ok).toBe(true);
  }, 60_000);
});

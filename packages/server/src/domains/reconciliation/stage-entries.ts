import type { Pool } from 'mysql2/promise';

/** What one run covers: records created in [from, to), for one merchant or all. */
export type ReconScope = { from: Date; to: Date; merchantId: string | null };

/** Order statuses whose money should have moved (the exception queue owns `exception_checkout`). */
export const PAID_ORDER_STATUSES = ['checkout_success', 'refunded', 'partially_refunded'];

/**
 * The ascii_bin form of a utf8mb4 expression. Ledger keys and ids are ascii_bin columns; compared
 * with a utf8mb4 value the column would be converted instead, and its index not used (a join of a
 * million rows then scans a million rows per row).
 */
const A = (expr: string) => `CONVERT(${expr} USING ascii) COLLATE ascii_bin`;

const COLUMNS =
  '(run_id, match_key, source, item_ref, kind, merchant_id, mode, amount, currency, status, via_provider, subject_at)';
const ORDER_TABLES = ['orders', 'order_history'] as const;

/**
 * Provider payments of an order that reconciliation should see: a late success parked in the
 * exception queue belongs to the queue until it is honoured.
 */
const VISIBLE_PAYMENT = `NOT EXISTS (SELECT 1 FROM order_exceptions x
  WHERE x.provider_payment_id = pp.id AND x.status <> 'honoured')`;

type Step = { name: string; sql: string; params: unknown[] };

/**
 * The staging statements of a run, in order. Each is one INSERT IGNORE … SELECT executed by the
 * database server (no row passes through this process), keyed so that running it again after a
 * crash adds nothing. Orders are read from both the working table and the archive.
 */
export function stagingSteps(runId: string, scope: ReconScope): Step[] {
  const { from, to, merchantId } = scope;
  const steps: Step[] = [];
  const paid = PAID_ORDER_STATUSES.map((s) => `'${s}'`).join(',');
  const orderScope = (alias: string) =>
    `${alias}.created_at >= ? AND ${alias}.created_at < ?${merchantId ? ` AND ${alias}.merchant_id = ?` : ''}
     AND (${alias}.status IN (${paid}) OR ${alias}.transfer_id IS NOT NULL)`;
  const orderParams = merchantId ? [from, to, merchantId] : [from, to];
  const via = (alias: string) => `IF(${alias}.payment_method = 'provider', 'yes', 'no')`;

  for (const table of ORDER_TABLES) {
    steps.push({
      name: `${table}:record`,
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('pay:', o.id), 'record', o.id, 'payment', o.merchant_id, o.mode, o.amount,
               o.currency, o.status, ${via('o')}, o.created_at
        FROM ${table} o WHERE ${orderScope('o')}`,
      params: [runId, ...orderParams],
    });
    steps.push({
      name: `${table}:record-refunds`,
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('rfd:', o.id), 'record', o.id, 'refund', o.merchant_id, o.mode,
               o.refunded_amount, o.currency, o.status, ${via('o')}, o.created_at
        FROM ${table} o WHERE ${orderScope('o')} AND o.refunded_amount > 0`,
      params: [runId, ...orderParams],
    });
    // The ledger's side of a payment: the wallet payment, the provider capture, or the honour of
    // a late payment, each found by the idempotency key its writer derived from the order.
    const ledgerJoins = [
      `JOIN ledger_transfers t ON t.idempotency_key = ${A("CONCAT('order:', o.id, ':pay')")}`,
      `JOIN provider_payments pp ON pp.order_id = o.id AND pp.purpose = 'order'
       JOIN ledger_transfers t ON t.idempotency_key = ${A("CONCAT('pp:', pp.id, ':capture')")}`,
      `JOIN order_exceptions x ON x.order_id = o.id AND x.status = 'honoured'
       JOIN ledger_transfers t ON t.idempotency_key = ${A("CONCAT('exc:', x.id, ':honour')")}`,
    ];
    ledgerJoins.forEach((join, i) => {
      steps.push({
        name: `${table}:ledger-${i}`,
        sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
          SELECT ?, CONCAT('pay:', o.id), 'ledger', t.id, 'payment', o.merchant_id, o.mode,
                 COALESCE(t.posted_amount, t.amount), t.currency, t.status, ${via('o')}, o.created_at
          FROM ${table} o ${join}
          WHERE ${orderScope('o')} AND t.status <> 'voided'`,
        params: [runId, ...orderParams],
      });
    });
    steps.push({
      name: `${table}:ledger-refunds`,
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('rfd:', o.id), 'ledger', t.id, 'refund', o.merchant_id, o.mode,
               COALESCE(t.posted_amount, t.amount), t.currency, t.status, ${via('o')}, o.created_at
        FROM ${table} o JOIN refunds r ON r.order_id = o.id
        JOIN ledger_transfers t ON t.id = ${A('r.transfer_id')}
        WHERE ${orderScope('o')} AND t.status <> 'voided'`,
      params: [runId, ...orderParams],
    });
    steps.push({
      name: `${table}:provider`,
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('pay:', o.id), 'provider', CONCAT(s.provider, ':', s.type, ':', s.provider_ref),
               'payment', o.merchant_id, o.mode, s.amount, s.currency, 'settled', ${via('o')}, o.created_at
        FROM ${table} o JOIN provider_payments pp ON pp.order_id = o.id AND pp.purpose = 'order'
        JOIN recon_settlement_lines s ON s.reference = ${A('pp.id')} AND s.type = 'payment'
        WHERE ${orderScope('o')} AND ${VISIBLE_PAYMENT}`,
      params: [runId, ...orderParams],
    });
    steps.push({
      name: `${table}:provider-refunds`,
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('rfd:', o.id), 'provider', CONCAT(s.provider, ':', s.type, ':', s.provider_ref),
               'refund', o.merchant_id, o.mode, s.amount, s.currency, 'settled', ${via('o')}, o.created_at
        FROM ${table} o JOIN refunds r ON r.order_id = o.id
        JOIN recon_settlement_lines s ON s.reference = ${A('r.id')} AND s.type = 'refund'
        WHERE ${orderScope('o')}`,
      params: [runId, ...orderParams],
    });
  }

  // Merchant payouts: the payouts row, its two-phase transfer, the provider's payout line.
  const payoutScope = `p.created_at >= ? AND p.created_at < ?${merchantId ? ' AND p.merchant_id = ?' : ''}`;
  steps.push(
    {
      name: 'payouts:record',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('po:', p.id), 'record', p.id, 'payout', p.merchant_id, p.mode, p.amount,
               p.currency, p.status, 'yes', p.created_at
        FROM payouts p WHERE ${payoutScope}`,
      params: [runId, ...orderParams],
    },
    {
      name: 'payouts:ledger',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('po:', p.id), 'ledger', t.id, 'payout', p.merchant_id, p.mode,
               COALESCE(t.posted_amount, t.amount), t.currency, t.status, 'yes', p.created_at
        FROM payouts p JOIN ledger_transfers t ON t.idempotency_key = ${A("CONCAT('payout:', p.id)")}
        WHERE ${payoutScope} AND t.status <> 'voided'`,
      params: [runId, ...orderParams],
    },
    {
      name: 'payouts:provider',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('po:', p.id), 'provider', CONCAT(s.provider, ':', s.type, ':', s.provider_ref),
               'payout', p.merchant_id, p.mode, s.amount, s.currency, 'settled', 'yes', p.created_at
        FROM payouts p JOIN recon_settlement_lines s ON s.reference = ${A('p.id')} AND s.type = 'payout'
        WHERE ${payoutScope}`,
      params: [runId, ...orderParams],
    },
  );

  // Late payments the exception queue refunded: the sandbox (like any provider) settles that
  // refund under the id we gave it, the exception's (`exc_…`). The record is the exception (only a
  // `refunded` one expects money back), the ledger its `exc:<id>:refund` transfer. (An honoured
  // one is the order's own payment line above: `exc:<id>:honour` and the late `pp_` line.)
  const exceptionScope = `x.created_at >= ? AND x.created_at < ?${merchantId ? ' AND x.merchant_id = ?' : ''}`;
  // The late money coming in, while the queue holds it or after it went back (an honoured one is
  // its order's payment line): the exception, the hold transfer that parked it in suspense, and
  // the provider's payment line of the late `pp_…`.
  steps.push(
    {
      name: 'exceptions:record-payments',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('excpay:', x.id), 'record', x.id, 'payment', x.merchant_id, x.mode, x.amount,
               x.currency, 'checkout_success', 'yes', x.created_at
        FROM order_exceptions x WHERE ${exceptionScope} AND x.status <> 'honoured'`,
      params: [runId, ...orderParams],
    },
    {
      name: 'exceptions:ledger-payments',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('excpay:', x.id), 'ledger', t.id, 'payment', x.merchant_id, x.mode,
               COALESCE(t.posted_amount, t.amount), t.currency, t.status, 'yes', x.created_at
        FROM order_exceptions x JOIN ledger_transfers t ON t.id = ${A('x.hold_transfer_id')}
        WHERE ${exceptionScope} AND x.status <> 'honoured' AND t.status <> 'voided'`,
      params: [runId, ...orderParams],
    },
    {
      name: 'exceptions:provider-payments',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('excpay:', x.id), 'provider', CONCAT(s.provider, ':', s.type, ':', s.provider_ref),
               'payment', x.merchant_id, x.mode, s.amount, s.currency, 'settled', 'yes', x.created_at
        FROM order_exceptions x
        JOIN recon_settlement_lines s ON s.reference = ${A('x.provider_payment_id')} AND s.type = 'payment'
        WHERE ${exceptionScope} AND x.status <> 'honoured'`,
      params: [runId, ...orderParams],
    },
  );
  steps.push(
    {
      name: 'exceptions:record',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('exc:', x.id), 'record', x.id, 'refund', x.merchant_id, x.mode, x.amount,
               x.currency, x.status, 'yes', x.created_at
        FROM order_exceptions x WHERE ${exceptionScope}`,
      params: [runId, ...orderParams],
    },
    {
      name: 'exceptions:ledger',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('exc:', x.id), 'ledger', t.id, 'refund', x.merchant_id, x.mode,
               COALESCE(t.posted_amount, t.amount), t.currency, t.status, 'yes', x.created_at
        FROM order_exceptions x JOIN ledger_transfers t ON t.idempotency_key = ${A("CONCAT('exc:', x.id, ':refund')")}
        WHERE ${exceptionScope} AND t.status <> 'voided'`,
      params: [runId, ...orderParams],
    },
    {
      name: 'exceptions:provider',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('exc:', x.id), 'provider', CONCAT(s.provider, ':', s.type, ':', s.provider_ref),
               'refund', x.merchant_id, x.mode, s.amount, s.currency, 'settled', 'yes', x.created_at
        FROM order_exceptions x JOIN recon_settlement_lines s ON s.reference = ${A('x.id')} AND s.type = 'refund'
        WHERE ${exceptionScope}`,
      params: [runId, ...orderParams],
    },
  );

  // Merchant postings in the period that pay an order we have no record of at all. A scan of
  // each merchant account's postings (clustered by account), filtered on time.
  steps.push({
    name: 'ledger:orphans',
    sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
      SELECT ?, CONCAT('pay:', COALESCE(t.reference, t.id)), 'ledger', t.id, 'payment', a.owner_id,
             a.mode, COALESCE(t.posted_amount, t.amount), t.currency, t.status, 'no', p.created_at
      FROM ledger_accounts a JOIN ledger_postings p ON p.account_id = a.id
      JOIN ledger_transfers t ON t.id = p.transfer_id
      WHERE a.kind = 'merchant_balance'${merchantId ? ' AND a.owner_id = ?' : ''}
        AND p.created_at >= ? AND p.created_at < ? AND p.amount > 0 AND t.kind = 'payment'
        AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = t.reference)
        AND NOT EXISTS (SELECT 1 FROM order_history h WHERE h.id = t.reference)`,
    params: merchantId ? [runId, merchantId, from, to] : [runId, from, to],
  });

  if (merchantId) return steps;

  // Shoppers' deposits and withdrawals concern no merchant: only platform-wide runs see them.
  steps.push(
    {
      name: 'deposits:record',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('dep:', pp.id), 'record', pp.id, 'deposit', NULL, pp.mode, pp.amount,
               pp.currency, pp.status, 'yes', pp.created_at
        FROM provider_payments pp
        WHERE pp.status IN ('succeeded', 'failed') AND pp.created_at >= ? AND pp.created_at < ?
          AND pp.purpose = 'deposit'`,
      params: [runId, from, to],
    },
    {
      name: 'deposits:ledger',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('dep:', pp.id), 'ledger', t.id, 'deposit', NULL, pp.mode,
               COALESCE(t.posted_amount, t.amount), t.currency, t.status, 'yes', pp.created_at
        FROM provider_payments pp JOIN ledger_transfers t ON t.idempotency_key = ${A("CONCAT('pp:', pp.id, ':deposit')")}
        WHERE pp.status IN ('succeeded', 'failed') AND pp.created_at >= ? AND pp.created_at < ?
          AND pp.purpose = 'deposit' AND t.status <> 'voided'`,
      params: [runId, from, to],
    },
    {
      name: 'deposits:provider',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('dep:', pp.id), 'provider', CONCAT(s.provider, ':', s.type, ':', s.provider_ref),
               'deposit', NULL, pp.mode, s.amount, s.currency, 'settled', 'yes', pp.created_at
        FROM provider_payments pp JOIN recon_settlement_lines s ON s.reference = ${A('pp.id')} AND s.type = 'payment'
        WHERE pp.status IN ('succeeded', 'failed') AND pp.created_at >= ? AND pp.created_at < ?
          AND pp.purpose = 'deposit'`,
      params: [runId, from, to],
    },
    {
      name: 'withdrawals:record',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('wd:', w.id), 'record', w.id, 'withdrawal', NULL, w.mode, w.amount,
               w.currency, w.status, 'yes', w.created_at
        FROM withdrawals w WHERE w.created_at >= ? AND w.created_at < ?`,
      params: [runId, from, to],
    },
    {
      name: 'withdrawals:ledger',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('wd:', w.id), 'ledger', t.id, 'withdrawal', NULL, w.mode,
               COALESCE(t.posted_amount, t.amount), t.currency, t.status, 'yes', w.created_at
        FROM withdrawals w JOIN ledger_transfers t ON t.idempotency_key = ${A("CONCAT('wd:', w.id)")}
        WHERE w.created_at >= ? AND w.created_at < ? AND t.status <> 'voided'`,
      params: [runId, from, to],
    },
    {
      name: 'withdrawals:provider',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('wd:', w.id), 'provider', CONCAT(s.provider, ':', s.type, ':', s.provider_ref),
               'withdrawal', NULL, w.mode, s.amount, s.currency, 'settled', 'yes', w.created_at
        FROM withdrawals w JOIN recon_settlement_lines s ON s.reference = ${A('w.id')} AND s.type = 'payout'
        WHERE w.created_at >= ? AND w.created_at < ?`,
      params: [runId, from, to],
    },
    {
      // Settlement lines of the period naming nothing we ever created.
      name: 'provider:orphans',
      sql: `INSERT IGNORE INTO recon_entries ${COLUMNS}
        SELECT ?, CONCAT('ref:', s.reference), 'provider', CONCAT(s.provider, ':', s.type, ':', s.provider_ref),
               s.type, NULL, NULL, s.amount, s.currency, 'settled', 'yes', s.settled_at
        FROM recon_settlement_lines s
        WHERE s.settled_at >= ? AND s.settled_at < ?
          AND NOT EXISTS (SELECT 1 FROM provider_payments pp WHERE pp.id = s.reference)
          AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.id = s.reference)
          AND NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.id = s.reference)
          AND NOT EXISTS (SELECT 1 FROM payouts p WHERE p.id = s.reference)
          AND NOT EXISTS (SELECT 1 FROM order_exceptions x WHERE x.id = s.reference)`,
      params: [runId, from, to],
    },
  );
  return steps;
}

/** Runs one staging statement; safe to repeat. */
export async function runStagingStep(pool: Pool, step: Step): Promise<number> {
  const [result] = await pool.query(step.sql, step.params);
  return (result as { affectedRows: number }).affectedRows;
}

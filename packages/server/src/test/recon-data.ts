import type { Pool } from 'mysql2/promise';

/**
 * Generated books for reconciliation tests and the benchmark: `n` paid orders of one merchant
 * on one day (every tenth paid from a shopper's wallet, the rest through the sandbox provider),
 * with their ledger transfers and postings (balances and posting numbers exactly as the writer
 * would leave them, so the ledger's invariant check passes), provider payments and the
 * provider's settlement lines. Written with multi-row INSERT … SELECT over a numbers table, so
 * a million orders take seconds, not an hour of API calls. `n` must be a multiple of 10.
 */
export async function generateReconData(options: {
  pool: Pool;
  n: number;
  merchantId: string;
  day: Date;
  amount?: number;
  /** Leave the provider's lines out (a caller imports them from a settlement file). */
  withSettlementLines?: boolean;
}): Promise<{ accounts: { merchant: string; wallet: string; clearing: string } }> {
  const { pool, n, merchantId, day } = options;
  const amount = options.amount ?? 1000;
  if (n % 10 !== 0) throw new Error('n must be a multiple of 10');
  const q = (sql: string, params: unknown[] = []) => pool.query(sql, params);
  // Digits cross-joined: a numbers table on MySQL and MariaDB alike (no SEQUENCE engine needed).
  await q('CREATE TABLE IF NOT EXISTS gen_numbers (i BIGINT PRIMARY KEY)');
  await q('TRUNCATE gen_numbers');
  const digits =
    '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
  const places = Math.ceil(Math.log10(n + 1));
  const from = Array.from({ length: places }, (_, p) => `${digits} d${p}`).join(' CROSS JOIN ');
  const value = Array.from({ length: places }, (_, p) => `d${p}.d * ${10 ** p}`).join(' + ');
  await q(`INSERT INTO gen_numbers SELECT ${value} + 1 AS i FROM ${from} HAVING i <= ?`, [n]);

  const merchant = `acc_gm${merchantId.slice(-12)}`;
  const wallet = `acc_gw${merchantId.slice(-12)}`;
  const clearing = `acc_gc${merchantId.slice(-12)}`;
  const walletOrders = n / 10;
  const fund = walletOrders * amount;
  const providerOrders = n - walletOrders;
  const dayMs = 86_400_000;
  const start = new Date(day.getTime() - dayMs);
  await q(
    `INSERT INTO ledger_accounts (id, owner_type, owner_id, kind, currency, mode, balance, posting_seq, allow_negative)
     VALUES (?, 'merchant', ?, 'merchant_balance', 'EUR', 'test', ?, ?, 0),
            (?, 'shopper', ?, 'shopper_wallet', 'EUR', 'test', 0, ?, 0),
            (?, 'provider', 'sandbox', 'provider_clearing', 'EUR', 'test', ?, ?, 1)`,
    [
      merchant,
      merchantId,
      n * amount,
      n,
      wallet,
      `usr_gen${merchantId.slice(-10)}`,
      walletOrders + 1,
      clearing,
      -fund - providerOrders * amount,
      providerOrders + 1,
    ],
  );
  // The wallet is funded the day before, so that money is not part of the day reconciled.
  await q(
    `INSERT INTO ledger_transfers (id, idempotency_key, debit_account_id, credit_account_id, amount,
       posted_amount, currency, kind, status, two_phase, reference, created_at, posted_at)
     VALUES (?, ?, ?, ?, ?, NULL, 'EUR', 'deposit', 'posted', 0, NULL, ?, ?)`,
    [`trf_gfund${merchant}`, `gen:fund:${merchant}`, clearing, wallet, fund, start, start],
  );
  await q(
    `INSERT INTO ledger_postings (account_id, seq, transfer_id, amount, balance_after, created_at)
     VALUES (?, 1, ?, ?, ?, ?), (?, 1, ?, ?, ?, ?)`,
    [
      clearing,
      `trf_gfund${merchant}`,
      -fund,
      -fund,
      start,
      wallet,
      `trf_gfund${merchant}`,
      fund,
      fund,
      start,
    ],
  );
  const at = `TIMESTAMPADD(MICROSECOND, FLOOR(g.i * ${(dayMs * 1000) / (n + 1)}), ?)`;
  const isWallet = 'g.i % 10 = 0';
  const tag = merchantId.slice(-6);
  await q(
    `INSERT INTO orders (id, merchant_id, mode, reference, amount, currency, return_url, cancel_url,
       status, version, expires_at, payment_method, transfer_id, provider_payment_id,
       captured_amount, created_at, updated_at, final_at)
     SELECT CONCAT('ord_g', ?, g.i), ?, 'test', CONCAT('ref-', g.i), ?, 'EUR', 'https://shop.example/r',
       'https://shop.example/c', 'checkout_success', 2, ${at},
       IF(${isWallet}, 'wallet', 'provider'), CONCAT('trf_g', ?, g.i),
       IF(${isWallet}, NULL, CONCAT('pp_g', ?, g.i)), ?, ${at}, ${at}, ${at}
     FROM gen_numbers g`,
    [tag, merchantId, amount, day, tag, tag, amount, day, day, day],
  );
  await q(
    `INSERT INTO provider_payments (id, provider, provider_ref, purpose, order_id, merchant_id, mode,
       amount, currency, status, created_at, updated_at, settled_at)
     SELECT CONCAT('pp_g', ?, g.i), 'sandbox', CONCAT('sbx_g', ?, g.i), 'order', CONCAT('ord_g', ?, g.i),
       ?, 'test', ?, 'EUR', 'succeeded', ${at}, ${at}, ${at}
     FROM gen_numbers g WHERE NOT (${isWallet})`,
    [tag, tag, tag, merchantId, amount, day, day, day],
  );
  await q(
    `INSERT INTO ledger_transfers (id, idempotency_key, debit_account_id, credit_account_id, amount,
       currency, kind, status, two_phase, reference, created_at, posted_at)
     SELECT CONCAT('trf_g', ?, g.i),
       IF(${isWallet}, CONCAT('order:ord_g', ?, g.i, ':pay'), CONCAT('pp:pp_g', ?, g.i, ':capture')),
       IF(${isWallet}, ?, ?), ?, ?, 'EUR', 'payment', 'posted', 0, CONCAT('ord_g', ?, g.i), ${at}, ${at}
     FROM gen_numbers g`,
    [tag, tag, tag, wallet, clearing, merchant, amount, tag, day, day],
  );
  await q(
    `INSERT INTO ledger_postings (account_id, seq, transfer_id, amount, balance_after, created_at)
     SELECT ?, g.i, CONCAT('trf_g', ?, g.i), ?, g.i * ?, ${at} FROM gen_numbers g`,
    [merchant, tag, amount, amount, day],
  );
  await q(
    `INSERT INTO ledger_postings (account_id, seq, transfer_id, amount, balance_after, created_at)
     SELECT IF(${isWallet}, ?, ?),
       IF(${isWallet}, g.i DIV 10 + 1, g.i - g.i DIV 10 + 1),
       CONCAT('trf_g', ?, g.i), ?,
       IF(${isWallet}, ? - (g.i DIV 10) * ?, ? - (g.i - g.i DIV 10) * ?), ${at}
     FROM gen_numbers g`,
    [wallet, clearing, tag, -amount, fund, amount, -fund, amount, day],
  );
  if (options.withSettlementLines === false) return { accounts: { merchant, wallet, clearing } };
  await q(
    `INSERT INTO recon_settlement_lines (provider, provider_ref, type, reference, amount, currency,
       fee, settled_at, batch_id)
     SELECT 'sandbox', CONCAT('sbx_g', ?, g.i), 'payment', CONCAT('pp_g', ?, g.i), ?, 'EUR', ?,
       TIMESTAMPADD(HOUR, 1, ${at}), 'gen'
     FROM gen_numbers g WHERE NOT (${isWallet})`,
    [tag, tag, amount, Math.round((amount * 29) / 1000), day],
  );
  return { accounts: { merchant, wallet, clearing } };
}

/** The order id of generated order `i` of a merchant. */
export const generatedOrderId = (merchantId: string, i: number) =>
  `ord_g${merchantId.slice(-6)}${i}`;
export const generatedPaymentId = (merchantId: string, i: number) =>
  `pp_g${merchantId.slice(-6)}${i}`;

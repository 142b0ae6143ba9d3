import { minorUnits } from '@ducat/currencies';
import { and, eq, gte, lt } from 'drizzle-orm';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { Db } from '../../db/client.js';
import { ledgerAccounts, type Mode, reconDifferences } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { signIpn } from '../ipn/sign-ipn.js';
import { getWebhookSecrets } from '../merchants/get-webhook-secrets.js';
import { toDifferenceView } from './difference-view.js';

/** The header that carries a report's signature (the IPN scheme: `t=<unix s>,v1=<hex>…`). */
export const REPORT_SIGNATURE_HEADER = 'Ducat-Signature';
const MAX_PERIOD_MS = 31 * 86_400_000;
const MAX_LINES = 200_000;
const PAGE = 5_000;

export type ReportLine = {
  transferId: string;
  kind: string;
  reference: string | null;
  /** Signed: credits to the merchant positive, debits negative (minor units). */
  amount: number;
  currency: string;
  balanceAfter: number;
  createdAt: string;
};

export type ReportTotals = {
  currency: string;
  /** The currency's ISO 4217 minor-unit exponent: amounts / 10^minorUnits is the decimal sum. */
  minorUnits: number;
  opening: number;
  /** Net movement per transfer kind (payment, fee, refund, payout, adjustment…). */
  byKind: Record<string, number>;
  credits: number;
  debits: number;
  net: number;
  closing: number;
  lines: number;
};

export type MerchantReport = {
  merchantId: string;
  mode: Mode;
  from: string;
  to: string;
  generatedAt: string;
  totals: ReportTotals[];
  lines: ReportLine[];
  differences: ReturnType<typeof toDifferenceView>[];
};

const CSV_COLUMNS = [
  'transfer_id',
  'kind',
  'reference',
  'amount',
  'currency',
  'balance_after',
  'created_at',
] as const;

function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The report as CSV: one line per ledger movement, in the columns above, CRLF-free. */
export function reportToCsv(report: MerchantReport): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const l of report.lines) {
    rows.push(
      [l.transferId, l.kind, l.reference, l.amount, l.currency, l.balanceAfter, l.createdAt]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

/**
 * A merchant's statement for [from, to): every movement of its balance accounts (from the
 * ledger's postings, so the totals ARE its ledger movements: opening + net = closing per
 * currency), and the reconciliation differences of the period that concern it.
 */
export async function buildMerchantReport(options: {
  db: Db;
  pool: Pool;
  merchantId: string;
  mode: Mode;
  from: Date;
  to: Date;
}): Promise<MerchantReport> {
  const { db, pool, merchantId, mode, from, to } = options;
  if (!(from < to) || to.getTime() - from.getTime() > MAX_PERIOD_MS) {
    throw new AppError('report_period_invalid', { field: 'from' });
  }
  const accounts = await db
    .select({ id: ledgerAccounts.id, currency: ledgerAccounts.currency })
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.ownerType, 'merchant'),
        eq(ledgerAccounts.ownerId, merchantId),
        eq(ledgerAccounts.kind, 'merchant_balance'),
        eq(ledgerAccounts.mode, mode),
      ),
    )
    .orderBy(ledgerAccounts.currency);
  const lines: ReportLine[] = [];
  const totals: ReportTotals[] = [];
  for (const account of accounts) {
    const [before] = await pool.query<RowDataPacket[]>(
      `SELECT balance_after FROM ledger_postings WHERE account_id = ? AND created_at < ?
       ORDER BY seq DESC LIMIT 1`,
      [account.id, from],
    );
    const opening = Number(before[0]?.balance_after ?? 0);
    const total: ReportTotals = {
      currency: account.currency,
      minorUnits: minorUnits(account.currency) ?? 2,
      opening,
      byKind: {},
      credits: 0,
      debits: 0,
      net: 0,
      closing: opening,
      lines: 0,
    };
    let seq = 0;
    for (;;) {
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT p.seq, p.transfer_id, p.amount, p.balance_after, p.created_at, t.kind, t.reference
         FROM ledger_postings p JOIN ledger_transfers t ON t.id = p.transfer_id
         WHERE p.account_id = ? AND p.seq > ? AND p.created_at >= ? AND p.created_at < ?
         ORDER BY p.seq LIMIT ${PAGE}`,
        [account.id, seq, from, to],
      );
      for (const r of rows) {
        const amount = Number(r.amount);
        lines.push({
          transferId: String(r.transfer_id),
          kind: String(r.kind),
          reference: r.reference === null ? null : String(r.reference),
          amount,
          currency: account.currency,
          balanceAfter: Number(r.balance_after),
          createdAt: new Date(r.created_at).toISOString(),
        });
        total.byKind[r.kind] = (total.byKind[r.kind] ?? 0) + amount;
        if (amount > 0) total.credits += amount;
        else total.debits -= amount;
        total.net += amount;
        total.closing = Number(r.balance_after);
        total.lines += 1;
      }
      if (lines.length > MAX_LINES) throw new AppError('report_too_large');
      const last = rows[rows.length - 1];
      if (!last || rows.length < PAGE) break;
      seq = Number(last.seq);
    }
    if (total.lines > 0) totals.push(total);
  }
  const differences = await db
    .select()
    .from(reconDifferences)
    .where(
      and(
        eq(reconDifferences.merchantId, merchantId),
        eq(reconDifferences.mode, mode),
        gte(reconDifferences.subjectAt, from),
        lt(reconDifferences.subjectAt, to),
      ),
    )
    .orderBy(reconDifferences.subjectAt)
    .limit(1_000);
  return {
    merchantId,
    mode,
    from: from.toISOString(),
    to: to.toISOString(),
    generatedAt: new Date().toISOString(),
    totals,
    lines,
    differences: differences.map(toDifferenceView),
  };
}

/**
 * The report as the exact bytes the merchant receives (JSON or CSV) and their signature,
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under each valid webhook secret>`.
 */
export async function signedMerchantReport(options: {
  db: Db;
  pool: Pool;
  masterKey: Buffer;
  merchantId: string;
  mode: Mode;
  from: Date;
  to: Date;
  format: 'json' | 'csv';
  now?: Date;
}): Promise<{ format: 'json' | 'csv'; contentType: string; body: string; signature: string }> {
  const report = await buildMerchantReport(options);
  const body = options.format === 'csv' ? reportToCsv(report) : JSON.stringify(report);
  const secrets = await getWebhookSecrets({
    db: options.db,
    masterKey: options.masterKey,
    merchantId: options.merchantId,
    mode: options.mode,
  });
  if (secrets.length === 0) {
    throw new AppError('conflict', {
      message: 'Issue a webhook signing secret first: reports are signed with it.',
    });
  }
  const timestamp = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return {
    format: options.format,
    contentType: options.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    body,
    signature: signIpn({ body, secrets: secrets.map((s) => s.secret), timestamp }),
  };
}

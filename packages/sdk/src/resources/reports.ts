import type { HttpClient, RequestOptions } from '../http.js';
import { type VerifyOptions, verifySignedBytes } from '../webhooks.js';

export type ReportParams = {
  /** Start, inclusive: a `Date`, an ISO 8601 date-time, or a date (`2026-11-01`, UTC midnight). */
  from: string | Date;
  /** End, exclusive, in the same forms. At most 31 days after `from`. */
  to: string | Date;
  /** `json` (default) or `csv`. */
  format?: 'json' | 'csv';
  /**
   * Your webhook secret(s): when given, the report's `Ducat-Signature` is verified (timestamp
   * within `tolerance`, HMAC over the exact bytes received) before it is returned, and a report
   * that fails is refused with `SignatureVerificationError`. Recommended.
   */
  secret?: string | readonly string[];
  /** Seconds the signature's timestamp may be from your clock. Default 300. */
  tolerance?: VerifyOptions['tolerance'];
};

/** One currency's movements in the period: opening + net = closing. */
export type ReportTotals = {
  currency: string;
  opening: number;
  /** Net movement per transfer kind (payment, fee, refund, payout, adjustment…). */
  byKind: Record<string, number>;
  /** The currency's ISO 4217 minor-unit exponent (JPY 0, EUR 2, KWD 3). */
  minorUnits?: number;
  credits: number;
  debits: number;
  net: number;
  closing: number;
  lines: number;
};

/** One ledger movement of your balance: credits positive, debits negative (minor units). */
export type ReportLine = {
  transferId: string;
  kind: string;
  reference: string | null;
  amount: number;
  currency: string;
  balanceAfter: number;
  createdAt: string;
};

/** A reconciliation report as JSON. */
export type ReconciliationReport = {
  merchantId: string;
  mode: 'test' | 'live';
  from: string;
  to: string;
  generatedAt: string;
  totals: ReportTotals[];
  lines: ReportLine[];
  /** Reconciliation differences that concern you in the period. */
  differences: Record<string, unknown>[];
};

/** A date alone means midnight UTC; the API takes date-times with an offset. */
function instant(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}

/**
 * `ducat.reports`: your reconciliation reports (`GET /v1/reports`), signed by the platform.
 */
export class Reports {
  constructor(private readonly http: HttpClient) {}

  /**
   * The report of a period, as JSON or as CSV text, its signature verified when you pass your
   * webhook secret.
   *
   * @example
   * const report = await ducat.reports.get({ from: '2026-11-01', to: '2026-11-08', secret });
   * for (const t of report.totals) console.log(t.currency, t.opening, t.net, t.closing);
   * const csv = await ducat.reports.get({ from: '2026-11-01', to: '2026-11-08', format: 'csv', secret });
   */
  get(params: ReportParams & { format: 'csv' }, options?: RequestOptions): Promise<string>;
  get(
    params: ReportParams & { format?: 'json' },
    options?: RequestOptions,
  ): Promise<ReconciliationReport>;
  async get(
    params: ReportParams,
    options?: RequestOptions,
  ): Promise<ReconciliationReport | string> {
    const format = params.format ?? 'json';
    const answer = await this.http.request<{ body: string; headers: Headers }>(
      {
        method: 'GET',
        path: 'v1/reports',
        query: { from: instant(params.from), to: instant(params.to), format },
        raw: true,
      },
      options,
    );
    if (params.secret !== undefined) {
      await verifySignedBytes(answer.body, answer.headers.get('ducat-signature'), params.secret, {
        ...(params.tolerance === undefined ? {} : { tolerance: params.tolerance }),
      });
    }
    return format === 'csv' ? answer.body : (JSON.parse(answer.body) as ReconciliationReport);
  }
}

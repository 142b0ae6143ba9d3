import type { HttpClient, RequestOptions } from '../http.js';

export type ReportParams = {
  /** ISO 8601 date or date-time, inclusive. */
  from: string;
  /** ISO 8601 date or date-time, exclusive. */
  to: string;
  /** `json` (default) or `csv`. */
  format?: 'json' | 'csv';
};

/**
 * A reconciliation report as JSON. Its exact fields are defined by the platform's
 * reconciliation feature; this type lists what every report carries and leaves the rest open.
 */
export type ReconciliationReport = {
  from: string;
  to: string;
  [field: string]: unknown;
};

/**
 * `ducat.reports`: reconciliation reports (`GET /v1/reports`). The server side comes with the
 * reconciliation feature; until a platform serves it, calls end in `NotFoundError`.
 */
export class Reports {
  constructor(private readonly http: HttpClient) {}

  /**
   * The reconciliation report of a period, as JSON or as CSV text.
   *
   * @example
   * const report = await ducat.reports.get({ from: '2026-11-01', to: '2026-12-01' });
   * const csv = await ducat.reports.get({ from: '2026-11-01', to: '2026-12-01', format: 'csv' });
   */
  get(params: ReportParams & { format: 'csv' }, options?: RequestOptions): Promise<string>;
  get(
    params: ReportParams & { format?: 'json' },
    options?: RequestOptions,
  ): Promise<ReconciliationReport>;
  get(params: ReportParams, options?: RequestOptions): Promise<ReconciliationReport | string> {
    const format = params.format ?? 'json';
    return this.http.request(
      {
        method: 'GET',
        path: 'v1/reports',
        query: { from: params.from, to: params.to, format },
        responseType: format === 'csv' ? 'text' : 'json',
      },
      options,
    );
  }
}

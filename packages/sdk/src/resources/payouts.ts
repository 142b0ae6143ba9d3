import type { HttpClient, RequestOptions } from '../http.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { CreatePayoutParams, ListPayoutsParams, Payout } from '../types.js';

/** `ducat.payouts`: move part of your balance out through a provider. */
export class Payouts {
  constructor(private readonly http: HttpClient) {}

  /**
   * Pays out `amount` of your available balance: `paid`, `failed` (the money is available
   * again) or `pending`. More than available is `InvalidRequestError` `insufficient_funds`.
   *
   * @example
   * const payout = await ducat.payouts.create(
   *   { amount: 10_000, currency: 'EUR', destination: { iban: 'NL…' } },
   *   { idempotencyKey: 'payout-2026-11' },
   * );
   */
  create(params: CreatePayoutParams, options?: RequestOptions): Promise<Payout> {
    return this.http.request({ method: 'POST', path: 'v1/payouts', body: params }, options);
  }

  /**
   * Your payouts, newest first.
   *
   * @example
   * for await (const payout of ducat.payouts.list()) console.log(payout.id, payout.status);
   */
  list(params: ListPayoutsParams = {}, options?: RequestOptions): PagePromise<Payout> {
    const { cursor, limit } = params;
    return paginate(async (c) => {
      const page = await this.http.request<{ payouts: Payout[]; nextCursor: string | null }>(
        { method: 'GET', path: 'v1/payouts', query: { limit, cursor: c } },
        options,
      );
      return { data: page.payouts, nextCursor: page.nextCursor };
    }, cursor);
  }
}

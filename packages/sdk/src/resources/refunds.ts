import type { HttpClient, RequestOptions } from '../http.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { CreateRefundParams, Refund } from '../types.js';

/** `ducat.refunds`: give money back on paid orders. */
export class Refunds {
  constructor(private readonly http: HttpClient) {}

  /**
   * Refunds a paid order, fully (no `amount`) or partly; several partial refunds may follow,
   * never more than was captured (`InvalidRequestError` `refund_exceeds_captured`).
   *
   * @example
   * const refund = await ducat.refunds.create(
   *   { orderId: 'ord_…', amount: 500, reason: 'one item out of stock' },
   *   { idempotencyKey: 'rma-77' },
   * );
   */
  create(params: CreateRefundParams, options?: RequestOptions): Promise<Refund> {
    const { orderId, ...body } = params;
    return this.http.request(
      { method: 'POST', path: `v1/orders/${encodeURIComponent(orderId)}/refunds`, body },
      options,
    );
  }

  /**
   * An order's refunds (one page: an order has few).
   *
   * @example
   * const { data: refunds } = await ducat.refunds.list('ord_…');
   */
  list(orderId: string, options?: RequestOptions): PagePromise<Refund> {
    return paginate(async () => ({
      data: await this.http.request<Refund[]>(
        { method: 'GET', path: `v1/orders/${encodeURIComponent(orderId)}/refunds` },
        options,
      ),
      nextCursor: null,
    }));
  }
}

import { canonicalJson } from '../canonical-json.js';
import { hmacSha256, toHex, utf8 } from '../crypto.js';
import { ConflictError } from '../errors.js';
import type { HttpClient, RequestOptions } from '../http.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { CheckoutLink, CreateOrderParams, ListOrdersParams, Order } from '../types.js';

/** `ducat.orders`: create orders and follow them. */
export class Orders {
  constructor(
    private readonly http: HttpClient,
    private readonly merchantKey: string,
  ) {}

  /**
   * Creates an order and its signed checkout link. The body is always signed with your API key
   * (HMAC of its canonical JSON), so orders above your signature threshold need nothing more.
   * Retried safely under one idempotency key (pass your own to survive your restarts too).
   *
   * @example
   * const { order, checkout } = await ducat.orders.create(
   *   { reference: 'cart-1042', amount: 2500, currency: 'EUR',
   *     returnUrl: 'https://shop.example/return', cancelUrl: 'https://shop.example/cart' },
   *   { idempotencyKey: 'cart-1042' },
   * );
   * redirect(checkout.url);
   */
  async create(
    params: CreateOrderParams,
    options?: RequestOptions,
  ): Promise<{ order: Order; checkout: CheckoutLink }> {
    const { signature: _ignored, ...fields } = params as CreateOrderParams & { signature?: string };
    const signature = toHex(await hmacSha256(this.merchantKey, utf8(canonicalJson(fields))));
    return this.http.request(
      { method: 'POST', path: 'v1/orders', body: { ...fields, signature } },
      options,
    );
  }

  /**
   * One order, archived ones included. Another merchant's order is `NotFoundError`.
   *
   * @example
   * const order = await ducat.orders.get('ord_…');
   * if (order.status === 'checkout_success') fulfil(order.reference);
   */
  get(orderId: string, options?: RequestOptions): Promise<Order> {
    return this.http.request(
      { method: 'GET', path: `v1/orders/${encodeURIComponent(orderId)}` },
      options,
    );
  }

  /**
   * Your orders, newest first. Await it for one page, or `for await` over every order.
   *
   * @example
   * for await (const order of ducat.orders.list({ status: 'checkout_success' })) {
   *   console.log(order.reference, order.amount);
   * }
   */
  list(params: ListOrdersParams = {}, options?: RequestOptions): PagePromise<Order> {
    const { cursor, ...filter } = params;
    return paginate(async (c) => {
      const page = await this.http.request<{ orders: Order[]; nextCursor: string | null }>(
        { method: 'GET', path: 'v1/orders', query: { ...filter, cursor: c } },
        options,
      );
      return { data: page.orders, nextCursor: page.nextCursor };
    }, cursor);
  }

  /**
   * Cancels an order nobody has paid (`created`). Safe to repeat: an order that is already
   * cancelled is returned as it is; any other status is `ConflictError` `order_not_cancellable`.
   *
   * @example
   * const order = await ducat.orders.cancel('ord_…');
   * // order.status === 'cancelled'
   */
  async cancel(orderId: string, options?: RequestOptions): Promise<Order> {
    try {
      return await this.http.request<Order>(
        { method: 'POST', path: `v1/orders/${encodeURIComponent(orderId)}/cancel` },
        options,
      );
    } catch (error) {
      // A retry after a lost answer finds the order cancelled by its own first attempt.
      if (error instanceof ConflictError && error.code === 'order_not_cancellable') {
        const order = await this.get(orderId, options);
        if (order.status === 'cancelled') return order;
      }
      throw error;
    }
  }
}

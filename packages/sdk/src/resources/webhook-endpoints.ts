import type { HttpClient, RequestOptions } from '../http.js';
import { type ListenMessage, openListen } from '../listen.js';
import type {
  CreateWebhookEndpointParams,
  EventType,
  UpdateWebhookEndpointParams,
  WebhookEndpoint,
} from '../types.js';

const path = (id: string, rest = '') => `v1/webhook_endpoints/${encodeURIComponent(id)}${rest}`;

/** `ducat.webhookEndpoints`: where you receive events, in the mode of your key. */
export class WebhookEndpoints {
  constructor(private readonly http: HttpClient) {}

  /**
   * Adds an endpoint. Its signing secret is in this answer only: store it where your receiver
   * reads it, and verify its IPNs with it (`webhooks.verify`).
   *
   * @example
   * const { endpoint, secret } = await ducat.webhookEndpoints.create({
   *   url: 'https://staging.shop.example/ipn', enabledEvents: ['order.checkout_success'] });
   */
  create(
    params: CreateWebhookEndpointParams,
    options?: RequestOptions,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    return this.http.request(
      { method: 'POST', path: 'v1/webhook_endpoints', body: params },
      options,
    );
  }

  /**
   * Every endpoint of your key's mode, oldest first.
   *
   * @example
   * const endpoints = await ducat.webhookEndpoints.list();
   */
  list(options?: RequestOptions): Promise<WebhookEndpoint[]> {
    return this.http.request({ method: 'GET', path: 'v1/webhook_endpoints' }, options);
  }

  /**
   * Changes an endpoint's URL, description, event types or status.
   *
   * @example
   * await ducat.webhookEndpoints.update('we_…', { status: 'disabled' });
   */
  update(
    endpointId: string,
    params: UpdateWebhookEndpointParams,
    options?: RequestOptions,
  ): Promise<WebhookEndpoint> {
    return this.http.request({ method: 'POST', path: path(endpointId), body: params }, options);
  }

  /**
   * Removes an endpoint and revokes its secret; its pending deliveries stop.
   *
   * @example
   * await ducat.webhookEndpoints.delete('we_…');
   */
  delete(endpointId: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.http.request(
      { method: 'POST', path: path(endpointId, '/delete'), body: {} },
      options,
    );
  }

  /**
   * A new signing secret (in this answer only); the old one still signs, beside it, until
   * `graceUntil`, so you can deploy the new one without a refused IPN.
   *
   * @example
   * const { secret, graceUntil } = await ducat.webhookEndpoints.rotateSecret('we_…', { graceSeconds: 3600 });
   */
  rotateSecret(
    endpointId: string,
    params: { graceSeconds?: number } = {},
    options?: RequestOptions,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string; graceUntil: string | null }> {
    return this.http.request(
      { method: 'POST', path: path(endpointId, '/rotate_secret'), body: params },
      options,
    );
  }

  /**
   * A temporary endpoint tied to this connection (what `ducat listen` uses): the first message
   * is the session with its secret, then each event as the exact body to forward. Report each
   * forward with `listenResult`. Aborting `signal` closes it and the endpoint is removed.
   *
   * @example
   * for await (const m of ducat.webhookEndpoints.listen({ signal })) {
   *   if (m.kind === 'delivery') await forward(m.body);
   * }
   */
  listen(
    params: { enabledEvents?: ('*' | EventType)[]; signal?: AbortSignal } = {},
  ): AsyncGenerator<ListenMessage> {
    return openListen(this.http, params);
  }

  /**
   * Reports what forwarding one listen delivery gave (2xx: delivered; anything else: failed).
   *
   * @example
   * await ducat.webhookEndpoints.listenResult(endpointId, { deliveryId, statusCode: 200, latencyMs: 12 });
   */
  listenResult(
    endpointId: string,
    params: {
      deliveryId: string;
      statusCode: number | null;
      latencyMs: number;
      error?: string | null;
    },
    options?: RequestOptions,
  ): Promise<{ status: 'delivered' | 'failed' }> {
    return this.http.request(
      { method: 'POST', path: path(endpointId, '/listen_results'), body: params },
      options,
    );
  }
}

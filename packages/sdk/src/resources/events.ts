import type { HttpClient, RequestOptions } from '../http.js';
import { type PagePromise, paginate } from '../pagination.js';
import type { EventDelivery, EventRecord, EventResend, ListEventsParams } from '../types.js';

/** `ducat.events`: every event sent to your endpoints in the last 30 days. */
export class Events {
  constructor(private readonly http: HttpClient) {}

  /**
   * Events newest first, by type, order and period.
   *
   * @example
   * for await (const event of ducat.events.list({ orderId: 'ord_…' })) console.log(event.seq, event.type);
   */
  list(params: ListEventsParams = {}, options?: RequestOptions): PagePromise<EventRecord> {
    const { cursor, ...filters } = params;
    return paginate(async (c) => {
      const page = await this.http.request<{ items: EventRecord[]; nextCursor: string | null }>(
        { method: 'GET', path: 'v1/events', query: { ...filters, cursor: c } },
        options,
      );
      return { data: page.items, nextCursor: page.nextCursor };
    }, cursor);
  }

  /**
   * One event, with its delivery to each endpoint.
   *
   * @example
   * const { event, deliveries } = await ducat.events.get('evt_…');
   */
  get(
    eventId: string,
    options?: RequestOptions,
  ): Promise<{ event: EventRecord; deliveries: EventDelivery[] }> {
    return this.http.request(
      { method: 'GET', path: `v1/events/${encodeURIComponent(eventId)}` },
      options,
    );
  }

  /**
   * Sends an event again now: to one endpoint (`endpointId`, also one added after the event),
   * or to every enabled endpoint subscribed to its type.
   *
   * @example
   * const results = await ducat.events.resend('evt_…', { endpointId: 'we_…' });
   */
  resend(
    eventId: string,
    params: { endpointId?: string } = {},
    options?: RequestOptions,
  ): Promise<EventResend[]> {
    return this.http.request(
      { method: 'POST', path: `v1/events/${encodeURIComponent(eventId)}/resend`, body: params },
      options,
    );
  }
}

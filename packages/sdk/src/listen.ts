import type { HttpClient } from './http.js';
import { subscribe } from './subscribe.js';
import type { EventType, Mode } from './types.js';

/**
 * What a `listen` stream carries: first the session (its temporary endpoint and the secret its
 * events are to be verified with, shown only here), then each event as the exact body to
 * forward.
 *
 * @example
 * for await (const m of session) if (m.kind === 'delivery') console.log(m.type, m.body);
 */
export type ListenMessage =
  | { kind: 'session'; endpointId: string; secret: string; mode: Mode }
  | { kind: 'delivery'; deliveryId: string; eventId: string; type: string; body: string };

/**
 * Opens a listen session: a temporary webhook endpoint tied to this connection, removed when it
 * closes (abort `signal`). Used by `ducat listen`; any Node or edge runtime can use it.
 *
 * @example
 * const controller = new AbortController();
 * for await (const m of openListen(http, { enabledEvents: ['*'], signal: controller.signal })) {
 *   if (m.kind === 'session') console.log('verify with', m.secret);
 * }
 */
export async function* openListen(
  http: HttpClient,
  options: { enabledEvents?: ('*' | EventType)[]; signal?: AbortSignal },
): AsyncGenerator<ListenMessage> {
  yield* subscribe<ListenMessage>(
    http,
    'webhookEndpoints.listen',
    { enabledEvents: options.enabledEvents ?? ['*'] },
    options.signal,
  );
}

import type { HttpClient } from './http.js';
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
 * Parses server-sent events: yields the `data` of each default (`message`) event; a
 * `serialized-error` event ends the stream with an error.
 */
async function* serverSentEvents(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (;;) {
        const end = buffer.search(/\r?\n\r?\n/);
        if (end < 0) break;
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (event === 'serialized-error') throw new Error(`stream error: ${data.join('\n')}`);
        if (event === 'message' && data.length > 0) yield data.join('\n');
      }
    }
  } finally {
    reader.releaseLock();
    await stream.cancel().catch(() => undefined);
  }
}

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
  const stream = await http.stream(
    'webhookEndpoints.listen',
    { enabledEvents: options.enabledEvents ?? ['*'] },
    options.signal,
  );
  for await (const data of serverSentEvents(stream)) {
    const message = JSON.parse(data) as ListenMessage;
    if (message && typeof message === 'object' && 'kind' in message) yield message;
  }
}

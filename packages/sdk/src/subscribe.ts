import { type DucatError, errorFromTrpcError } from './errors.js';
import type { HttpClient } from './http.js';

/**
 * A refusal sent inside the stream (tRPC validates a subscription's input once it has answered
 * 200): the same typed error, code, field and docUrl as any other call's.
 */
function streamError(text: string): DucatError {
  let parsed: { message?: unknown; data?: Record<string, unknown> } | undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const status = typeof parsed?.data?.httpStatus === 'number' ? parsed.data.httpStatus : 500;
  return errorFromTrpcError(status, new Headers(), { message: text, ...parsed });
}

/**
 * Parses server-sent events: yields the `data` of each default (`message`) event; a
 * `serialized-error` event ends the stream with its typed error.
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
        if (event === 'serialized-error') throw streamError(data.join('\n'));
        if (event === 'message' && data.length > 0) yield data.join('\n');
      }
    }
  } finally {
    reader.releaseLock();
    await stream.cancel().catch(() => undefined);
  }
}

/**
 * A tRPC subscription of the merchant API as an async iterator of its messages (objects with a
 * `kind`), over server-sent events: what `listen` and `logs.tail` are built on. Aborting
 * `signal` closes the connection.
 *
 * @example
 * for await (const m of subscribe<{ kind: string }>(http, 'logs.tail', {}, signal)) console.log(m.kind);
 */
export async function* subscribe<T extends { kind: string }>(
  http: HttpClient,
  procedure: string,
  input: unknown,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  const stream = await http.stream(procedure, input, signal);
  for await (const data of serverSentEvents(stream)) {
    const message = JSON.parse(data) as T;
    if (message && typeof message === 'object' && 'kind' in message) yield message;
  }
}

import type { HttpClient } from '../http.js';
import { subscribe } from '../subscribe.js';
import type { LogsTailMessage } from '../types.js';

/** `ducat.logs`: your API requests and IPN attempts, live (what `ducat logs tail` shows). */
export class Logs {
  constructor(private readonly http: HttpClient) {}

  /**
   * Streams the requests made with keys of your key's mode and the IPN attempts to your
   * endpoints, as they happen: first `ready`, then each line. `after` resumes after a line's
   * `id` (the last 1,000 lines are kept, for a day). Aborting `signal` ends it.
   *
   * @example
   * const controller = new AbortController();
   * for await (const m of ducat.logs.tail({ signal: controller.signal })) {
   *   if (m.kind === 'request') console.log(m.method, m.path, m.status);
   * }
   */
  tail(params: { after?: string; signal?: AbortSignal } = {}): AsyncGenerator<LogsTailMessage> {
    return subscribe<LogsTailMessage>(
      this.http,
      'logs.tail',
      params.after ? { after: params.after } : {},
      params.signal,
    );
  }
}

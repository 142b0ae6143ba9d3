import { randomId } from './crypto.js';
import {
  ConnectionError,
  type DucatError,
  errorFromResponse,
  errorFromTrpcError,
  APIError as ResponseError,
  retryAfterFromHeaders,
} from './errors.js';
import { signMerchantJwt } from './jwt.js';
import { VERSION } from './version.js';

/**
 * Per-call options, accepted as the last argument of every SDK method.
 *
 * @example
 * await ducat.orders.create(input, { idempotencyKey: `order-${cartId}`, timeoutMs: 10_000 });
 */
export type RequestOptions = {
  /**
   * For mutations: the key that makes retries safe. Default: a random key per call, reused by
   * that call's own retries. Pass your own (e.g. your order id) to make retries across process
   * restarts safe too.
   */
  idempotencyKey?: string;
  /** Aborts the call, including any retry waiting to happen. */
  signal?: AbortSignal;
  /** Per attempt; overrides the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` (0 disables retries). */
  maxRetries?: number;
};

export type HttpConfig = {
  baseUrl: string;
  merchantId: string;
  merchantKey: string;
  audience: string;
  timeoutMs: number;
  maxRetries: number;
  initialRetryDelayMs: number;
  maxRetryDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is thrown at once. */
  maxRetryAfterMs: number;
  fetch: typeof fetch;
};

export type ApiRequest = {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
  /** `text` for answers that are not JSON (a CSV report). Default `json`. */
  responseType?: 'json' | 'text';
  /** Resolve with `{ body, headers }` (body as text) instead of the body alone: signed documents. */
  raw?: boolean;
};

/** 409s that mean "someone is working on this right now", not "this cannot be done". */
const IN_FLIGHT_CODES = new Set(['idempotency_key_in_use', 'order_busy']);

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

type Attempt =
  | { ok: true; status: number; headers: Headers; body: unknown }
  | { ok: false; error: DucatError };

/**
 * Sends merchant API requests: a fresh JWT per attempt, the idempotency key on mutations, a
 * timeout per attempt, and retries of what is safe to retry (network failures, timeouts, 409
 * in-flight, 429 and 5xx) with capped exponential backoff and jitter.
 */
export class HttpClient {
  readonly config: HttpConfig;
  /** Replaceable in tests to make the jitter predictable. */
  random: () => number = Math.random;

  constructor(config: HttpConfig) {
    this.config = config;
  }

  async request<T>(request: ApiRequest, options: RequestOptions = {}): Promise<T> {
    const { signal } = options;
    const idempotencyKey =
      request.method === 'POST' ? (options.idempotencyKey ?? `sdk_${randomId()}`) : undefined;
    const maxRetries = options.maxRetries ?? this.config.maxRetries;
    const url = this.url(request);
    // Serialized once: every attempt sends the very bytes the idempotency key was first used with.
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      const result = await this.attempt({
        url,
        method: request.method,
        body,
        idempotencyKey,
        options,
        text: request.responseType === 'text' || request.raw === true,
      });
      if (result.ok) {
        return (request.raw ? { body: result.body, headers: result.headers } : result.body) as T;
      }
      const delay = this.retryDelay(result.error, attempt);
      if (delay === undefined || attempt >= maxRetries) throw result.error;
      await sleep(delay, signal);
    }
  }

  private url(request: ApiRequest): string {
    const url = new URL(
      request.path,
      this.config.baseUrl.endsWith('/') ? this.config.baseUrl : `${this.config.baseUrl}/`,
    );
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /**
   * Opens a long-lived stream (server-sent events) at a tRPC subscription: one attempt, no
   * retries (the caller reconnects), no timeout once it answered.
   */
  async stream(
    procedure: string,
    input: unknown,
    signal: AbortSignal | undefined,
  ): Promise<ReadableStream<Uint8Array>> {
    const token = await signMerchantJwt(this.config);
    const url = new URL(`trpc/${procedure}`, this.config.baseUrl.replace(/\/?$/, '/'));
    url.searchParams.set('input', JSON.stringify(input));
    let response: Response;
    try {
      response = await this.config.fetch(url.toString(), {
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
          'user-agent': `ducat-sdk/${VERSION}`,
        },
        ...(signal ? { signal } : {}),
      });
    } catch (cause) {
      throw new ConnectionError({
        code: 'connection_failed',
        message: `Could not reach ${this.config.baseUrl}: is the server running?`,
        cause,
      });
    }
    if (!response.ok || !response.body) {
      const text = await response.text();
      let parsed: { error?: { message?: unknown; data?: Record<string, unknown> } } | undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      throw errorFromTrpcError(response.status, response.headers, parsed?.error);
    }
    return response.body;
  }

  private async attempt(a: {
    url: string;
    method: string;
    body: string | undefined;
    idempotencyKey: string | undefined;
    options: RequestOptions;
    text: boolean;
  }): Promise<Attempt> {
    const { signal } = a.options;
    const timeoutMs = a.options.timeoutMs ?? this.config.timeoutMs;
    // Outside the try: a local failure (no WebCrypto) is a configuration error, not a network
    // one, and must not be retried.
    const token = await signMerchantJwt(this.config);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const headers: Record<string, string> = {
        accept: a.text ? 'text/csv, application/json' : 'application/json',
        authorization: `Bearer ${token}`,
        'user-agent': `ducat-sdk/${VERSION}`,
      };
      if (a.body !== undefined) headers['content-type'] = 'application/json';
      if (a.idempotencyKey !== undefined) headers['idempotency-key'] = a.idempotencyKey;
      const response = await this.config.fetch(a.url, {
        method: a.method,
        headers,
        body: a.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (response.status >= 200 && response.status < 300) {
        if (a.text)
          return { ok: true, status: response.status, headers: response.headers, body: text };
        if (parsed === undefined) {
          return {
            ok: false,
            error: new ResponseError({
              code: 'response_invalid',
              message: 'The API answered 2xx with a body that is not JSON.',
              status: response.status,
              requestId: response.headers.get('x-request-id') ?? undefined,
              headers: response.headers,
            }),
          };
        }
        return { ok: true, status: response.status, headers: response.headers, body: parsed };
      }
      return { ok: false, error: errorFromResponse(response.status, response.headers, parsed) };
    } catch (error) {
      // The caller's own abort is not a failure to retry or to wrap: it is what they asked for.
      if (signal?.aborted) throw abortReason(signal);
      return {
        ok: false,
        error: new ConnectionError({
          code: timedOut ? 'timeout' : 'connection_failed',
          message: timedOut
            ? `No answer from the Ducat API within ${timeoutMs} ms.`
            : `Could not reach the Ducat API: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        }),
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** How long to wait before retrying after `error`, or undefined when it must not be retried. */
  private retryDelay(error: DucatError, attempt: number): number | undefined {
    const backoff = Math.min(
      this.config.maxRetryDelayMs,
      this.config.initialRetryDelayMs * 2 ** attempt,
    );
    // Half fixed, half random: spreads the retries of many clients that failed together.
    const jittered = Math.round(backoff / 2 + (this.random() * backoff) / 2);
    if (error instanceof ConnectionError) return jittered;
    const status = error.status ?? 0;
    if (status === 429 || (status === 409 && IN_FLIGHT_CODES.has(error.code))) {
      const hinted =
        typeof error.details?.retryAfterMs === 'number'
          ? error.details.retryAfterMs
          : retryAfterFromHeaders(error.headers);
      if (hinted === undefined) return jittered;
      if (hinted > this.config.maxRetryAfterMs) return undefined;
      // A little spread on top of the server's hint, never less than it.
      return Math.round(hinted + this.random() * Math.min(hinted * 0.1, 1_000));
    }
    if (status >= 500) return jittered;
    return undefined;
  }
}

import type { AppRouter } from '@ducat/server';
import {
  createTRPCClient,
  httpLink,
  retryLink,
  type TRPCClient,
  TRPCClientError,
} from '@trpc/client';

export type ApiClient = TRPCClient<AppRouter>;

/** Per-call options a mutation may pass as tRPC context. */
export type CallContext = {
  /** Sent as the `Idempotency-Key` header: one key per user intent, reused by every retry. */
  idempotencyKey?: string;
};

/** Codes that mean "the same request is still running or the order is busy: try again soon". */
const RETRY_LATER = new Set(['idempotency_key_in_use', 'order_busy']);

/** The stable error code of a failed call (`data.code` from the API's error formatter). */
function codeOf(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('code' in data)) return undefined;
  return typeof data.code === 'string' ? data.code : undefined;
}

/**
 * The browser's typed client of the Ducat API, through the web app's own `/trpc` proxy (one
 * origin; the httpOnly session cookie rides along). Mutations carry the session's CSRF token,
 * fetched once from `sessionPath` (`account.session` for shoppers, the staff equivalent for
 * the admin app) and refreshed once when the API says it is stale; a call still running under
 * the same Idempotency-Key, or a busy order, is retried with backoff under the same key.
 */
export function createApiClient(options: {
  /** The query answering `{ csrfToken }` for the current session. */
  sessionPath: string;
  /** Where the proxy is (default `/trpc` on this origin). */
  url?: string;
}): { client: ApiClient; setCsrfToken(token: string | undefined): void } {
  const url = options.url ?? '/trpc';
  let csrfToken: string | undefined;
  let pending: Promise<string | undefined> | undefined;

  async function currentCsrfToken(): Promise<string | undefined> {
    if (csrfToken) return csrfToken;
    pending ??= fetch(`${url}/${options.sessionPath}`, { credentials: 'same-origin' })
      .then(async (res) => {
        if (!res.ok) return undefined;
        const body = (await res.json()) as { result?: { data?: { csrfToken?: unknown } } };
        const token = body.result?.data?.csrfToken;
        return typeof token === 'string' ? token : undefined;
      })
      .catch(() => undefined)
      .finally(() => {
        pending = undefined;
      });
    csrfToken = await pending;
    return csrfToken;
  }

  const client = createTRPCClient<AppRouter>({
    links: [
      retryLink({
        retry({ op, error, attempts }) {
          if (op.type !== 'mutation') return false;
          const code = codeOf(error);
          if (code === 'csrf_invalid' && attempts === 1) {
            csrfToken = undefined;
            return true;
          }
          return code !== undefined && RETRY_LATER.has(code) && attempts < 8;
        },
        retryDelayMs: (attempt) => Math.min(2_000, 250 * 2 ** attempt),
      }),
      httpLink({
        url,
        async headers({ op }) {
          const headers: Record<string, string> = {};
          if (op.type === 'mutation') {
            const token = await currentCsrfToken();
            if (token) headers['x-csrf-token'] = token;
            const context = op.context as CallContext;
            if (typeof context.idempotencyKey === 'string') {
              headers['idempotency-key'] = context.idempotencyKey;
            }
          }
          return headers;
        },
      }),
    ],
  });
  return {
    client,
    setCsrfToken(token) {
      csrfToken = token;
    },
  };
}

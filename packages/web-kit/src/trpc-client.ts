import type { AppRouter } from '@ducat/server';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';

/** A typed client of the Ducat API. */
export type DucatClient = TRPCClient<AppRouter>;

/** The header cookie-authenticated mutations must carry (the session's synchronizer token). */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The browser's client: calls go to the web app's own `/trpc` proxy (same origin, so the httpOnly
 * session cookie rides along), and every mutation carries the session's CSRF token.
 */
export function createBrowserClient(options: {
  getCsrfToken: () => string | undefined;
  url?: string;
}): DucatClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: options.url ?? '/trpc',
        headers: ({ op }) => {
          const token = op.type === 'mutation' ? options.getCsrfToken() : undefined;
          return token ? { [CSRF_HEADER]: token } : {};
        },
      }),
    ],
  });
}

/**
 * A server-side client (server components, route handlers): calls the API directly and forwards
 * the browser's cookie header, so the API sees the same session as the browser would.
 */
export function createServerClient(options: { apiUrl: string; cookie?: string }): DucatClient {
  const base = options.apiUrl.replace(/\/+$/, '');
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${base}/trpc`,
        headers: () => (options.cookie ? { cookie: options.cookie } : {}),
        fetch: (url, init) => fetch(url, { ...init, cache: 'no-store' }),
      }),
    ],
  });
}

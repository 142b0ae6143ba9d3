import type { AppRouter } from '@ducat/server';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { ApiClient } from './api-client';

/**
 * A typed API client for server components and route handlers: it calls the API directly (not
 * through the /trpc proxy) on behalf of the browser's request, forwarding its cookie and
 * address exactly as the proxy would, so the API sees the same shopper and the same client IP
 * (the address server.ts put in x-forwarded-for, see rewriteForwardedHeaders).
 */
export function createServerApiClient(options: {
  apiUrl: string;
  /** The incoming request's headers (Next's `headers()`). */
  requestHeaders: Headers;
}): ApiClient {
  const incoming = options.requestHeaders;
  const headers: Record<string, string> = {};
  const cookie = incoming.get('cookie');
  if (cookie) headers.cookie = cookie;
  const userAgent = incoming.get('user-agent');
  if (userAgent) headers['user-agent'] = userAgent;
  const client = (incoming.get('x-forwarded-for') ?? '').split(',').pop()?.trim();
  if (client) headers['x-forwarded-for'] = client;
  headers['x-forwarded-proto'] = incoming.get('x-forwarded-proto') ?? 'http';
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL('/trpc', options.apiUrl).toString(),
        headers: () => headers,
        fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }),
      }),
    ],
  });
}

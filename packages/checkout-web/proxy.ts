import {
  apiErrorOf,
  contentSecurityPolicy,
  createServerApiClient,
  HSTS_VALUE,
  newNonce,
  servedOverHttps,
} from '@ducat/web-kit';
import { type NextRequest, NextResponse } from 'next/server';
import { EMBED_ORIGINS_HEADER } from './lib/embed-origins';
import { env, isHttps } from './lib/env';

/**
 * Every page gets a fresh CSP nonce (Next.js puts it on its scripts) and `frame-ancestors
 * 'none'`, except the widget's embed page, which may be framed by exactly the merchant's allowed
 * origins (asked of the API for the link's token; a bad link's page by any site).
 */
export async function proxy(request: NextRequest) {
  const nonce = newNonce();
  let frameAncestors: string[] = [];
  const embed = /^\/embed\/([^/]+)$/.exec(request.nextUrl.pathname);
  if (embed?.[1]) {
    try {
      const api = createServerApiClient({
        apiUrl: env.DUCAT_API_URL,
        requestHeaders: request.headers,
      });
      const { allowedOrigins } = await api.checkout.embedOrigins.query({
        token: decodeURIComponent(embed[1]),
      });
      frameAncestors = allowedOrigins;
    } catch (error) {
      // A link the API refuses (forged, damaged, unknown) names no merchant: its page, which
      // shows only why it cannot be paid, may be framed by any site, so the widget's parent
      // can be told (ducat:error) instead of seeing a blocked frame. Anything else (the API
      // not answering): framed by nobody.
      const status = apiErrorOf(error).httpStatus;
      frameAncestors = status !== undefined && status >= 400 && status < 500 ? ['*'] : [];
    }
  }
  const csp = contentSecurityPolicy({
    nonce,
    https: isHttps,
    dev: process.env.NODE_ENV === 'development',
    frameAncestors,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  // The embed page needs the same origins (whom it may talk to): handed over, not asked again.
  requestHeaders.delete(EMBED_ORIGINS_HEADER);
  if (embed && frameAncestors.length > 0 && !frameAncestors.includes('*')) {
    requestHeaders.set(EMBED_ORIGINS_HEADER, JSON.stringify(frameAncestors));
  }
  requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  if (!embed) response.headers.set('x-frame-options', 'DENY');
  // Decided at run time (next.config's headers are fixed at build time).
  if (isHttps || servedOverHttps(request)) {
    response.headers.set('strict-transport-security', HSTS_VALUE);
  }
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!trpc|_next/static|_next/image|favicon.ico|js/v1/).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};

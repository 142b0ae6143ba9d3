import { contentSecurityPolicy, HSTS_VALUE, newNonce, servedOverHttps } from '@ducat/web-kit';
import { type NextRequest, NextResponse } from 'next/server';
import { isDevelopment, isHttps } from './lib/env';

/**
 * Every page of the portal gets a fresh CSP nonce (Next.js puts it on its scripts), and nobody
 * may frame it (`frame-ancestors 'none'` and X-Frame-Options DENY): a signed-in admin page in
 * a hidden frame on another site is how clickjacking approves a merchant or a refund.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, https: isHttps, dev: isDevelopment });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  response.headers.set('x-frame-options', 'DENY');
  // Decided at run time (next.config's headers are fixed at build time).
  if (isHttps || servedOverHttps(request)) {
    response.headers.set('strict-transport-security', HSTS_VALUE);
  }
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!trpc|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};

/** Two years, subdomains too (the API sends the same). */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';

/**
 * Whether the browser reached this app over https: the request URL, or the X-Forwarded-Proto
 * of a TLS-terminating proxy in front. HSTS only, never a security decision: a browser ignores
 * HSTS received over plain http, so a forged header changes nothing.
 */
export function servedOverHttps(request: Request): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return forwarded === 'https';
}

/**
 * Headers every page of both web apps carries. A page that may be framed (the checkout's embed
 * page) replaces X-Frame-Options and frame-ancestors with its own, per merchant.
 */
export function securityHeaders(options: { https: boolean }): { key: string; value: string }[] {
  const headers = [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
  if (options.https) {
    headers.push({
      key: 'Strict-Transport-Security',
      value: HSTS_VALUE,
    });
  }
  return headers;
}

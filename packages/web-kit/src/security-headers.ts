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
      value: 'max-age=63072000; includeSubDomains',
    });
  }
  return headers;
}

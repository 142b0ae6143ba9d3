/**
 * The Content-Security-Policy of a page of the Ducat web apps: scripts only from this origin
 * with the request's nonce (Next.js puts it on its own scripts), no plugins, no foreign forms,
 * and framing only by `frameAncestors` (none by default; the checkout's embed page passes the
 * merchant's allowed origins).
 *
 * @example
 * contentSecurityPolicy({ nonce, https: false, dev: false }); // "default-src 'self'; …"
 */
export function contentSecurityPolicy(options: {
  nonce: string;
  https: boolean;
  /** next dev needs eval for its error overlay; never in production. */
  dev: boolean;
  /** Origins allowed to frame the page; empty or absent: none. */
  frameAncestors?: readonly string[];
  /** Origins forms may post to or pages may navigate to by form (default: self only). */
  formAction?: readonly string[];
}): string {
  const ancestors =
    options.frameAncestors && options.frameAncestors.length > 0
      ? options.frameAncestors.join(' ')
      : "'none'";
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    // Next.js and React set a few style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    // No <base> on any page: an injected one cannot redirect relative script URLs.
    "base-uri 'none'",
    `form-action 'self'${options.formAction?.length ? ` ${options.formAction.join(' ')}` : ''}`,
    `frame-ancestors ${ancestors}`,
  ];
  if (options.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** A fresh nonce for one response (128 random bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

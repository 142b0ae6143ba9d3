export type CookieOptions = {
  maxAgeSeconds?: number;
  secure: boolean;
  httpOnly?: boolean;
  sameSite?: 'Lax' | 'Strict' | 'None';
  /**
   * CHIPS: the browser keeps the cookie in a jar of the top-level site it was set under, so a
   * frame on another site can hold a session without third-party cookies.
   */
  partitioned?: boolean;
};

/** Parses a Cookie header; the first occurrence of a name wins (as browsers send most specific first). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed value is ignored rather than failing the request.
    }
  }
  return out;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/'];
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  if (options.httpOnly ?? true) parts.push('HttpOnly');
  parts.push(`SameSite=${options.sameSite ?? 'Lax'}`);
  // Browsers drop SameSite=None and Partitioned cookies that are not Secure.
  const secure = options.secure || options.sameSite === 'None' || options.partitioned === true;
  if (secure) parts.push('Secure');
  if (options.partitioned) parts.push('Partitioned');
  return parts.join('; ');
}

import { z } from 'zod';

/** The request header in which proxy.ts hands the embed page its merchant's allowed origins. */
export const EMBED_ORIGINS_HEADER = 'x-ducat-embed-origins';

const ZOrigins = z.array(z.string().url()).max(20);

/** The origins proxy.ts looked up for this request, or undefined (then the page asks the API). */
export function embedOriginsFrom(headers: Headers): string[] | undefined {
  const raw = headers.get(EMBED_ORIGINS_HEADER);
  if (!raw) return undefined;
  try {
    const parsed = ZOrigins.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

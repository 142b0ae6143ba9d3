import { ZTrustProxy } from '@ducat/server/trust-proxy';
import { z } from 'zod';

/** Server-side configuration, read here only and validated once. */
const ZEnv = z.object({
  /** The Ducat API the app talks to (server side and through its /trpc proxy). */
  DUCAT_API_URL: z.string().url().default('http://localhost:4000'),
  /** Where staff reach this app; https here turns on HSTS and upgrade-insecure-requests. */
  PUBLIC_URL: z.string().url().default('http://localhost:3001'),
  /** The port `pnpm start` (server.ts) listens on. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /**
   * This app's own front proxies (a TLS terminator, a load balancer), same syntax as the API's
   * TRUST_PROXY. Only from these does server.ts believe X-Forwarded-For / -Proto / -Host; from
   * anyone else they are replaced by the socket's address and scheme. Default: none.
   */
  TRUST_PROXY: ZTrustProxy,
});

export const env = ZEnv.parse({
  DUCAT_API_URL: process.env.DUCAT_API_URL || undefined,
  PUBLIC_URL: process.env.PUBLIC_URL || undefined,
  PORT: process.env.PORT || undefined,
  TRUST_PROXY: process.env.TRUST_PROXY || undefined,
});

export const isHttps = env.PUBLIC_URL.startsWith('https:');

/** next dev needs eval for its error overlay; never anywhere else. */
export const isDevelopment = process.env.NODE_ENV === 'development';

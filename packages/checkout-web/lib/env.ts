import { z } from 'zod';

/** Server-side configuration, read here only and validated once. */
const ZEnv = z.object({
  /** The Ducat API the app talks to (server side and through its /trpc proxy). */
  DUCAT_API_URL: z.string().url().default('http://localhost:4000'),
  /** Where shoppers reach this app; https here turns on HSTS and upgrade-insecure-requests. */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
});

export const env = ZEnv.parse({
  DUCAT_API_URL: process.env.DUCAT_API_URL || undefined,
  PUBLIC_URL: process.env.PUBLIC_URL || undefined,
});

export const isHttps = env.PUBLIC_URL.startsWith('https:');

import { z } from 'zod';
import { publicProcedure, router } from './trpc.js';

export const VERSION = '0.1.0';

/**
 * The root router. Routers are grouped by who calls them (merchant, checkout, wallet, admin) and
 * are added here as their domains land.
 */
export const appRouter = router({
  system: router({
    /** The API version and the server's clock, so a client can detect skew before signing. */
    info: publicProcedure
      .output(z.object({ version: z.string(), time: z.string() }))
      .query(() => ({ version: VERSION, time: new Date().toISOString() })),
  }),
});

export type AppRouter = typeof appRouter;

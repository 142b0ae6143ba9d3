import { z } from 'zod';
import { procedure } from '../auth/authorize.js';
import { readMailbox } from '../infra/read-mailbox.js';
import { router } from '../trpc.js';
import { ZEmail } from './schemas.js';

/**
 * Development helpers. The mailbox answers only when mail is not sent for real (no SMTP_URL)
 * and never in production, where it is `not_found`.
 */
export const devRouter = router({
  mailbox: procedure
    .meta({ policy: { kind: 'public' } })
    .input(z.object({ to: ZEmail }))
    .output(
      z.array(
        z.object({
          id: z.number(),
          to: z.string(),
          subject: z.string(),
          text: z.string(),
          createdAt: z.string(),
        }),
      ),
    )
    .query(({ ctx, input }) =>
      readMailbox({ db: ctx.db, readable: ctx.identity.config.devMailboxReadable, to: input.to }),
    ),
});

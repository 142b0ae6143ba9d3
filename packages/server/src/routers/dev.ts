import { z } from 'zod';
import { procedure } from '../auth/authorize.js';
import { readMailbox } from '../infra/read-mailbox.js';
import { router } from '../trpc.js';
import { ZEmail } from './schemas.js';

/**
 * Development helpers. The mailbox answers only when mail is not sent for real (no SMTP_URL)
 * and never in production, where it is `not_found`.
 */
function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

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
      readMailbox({
        db: ctx.db,
        // Also only from this machine: a server started without NODE_ENV (development by
        // default) must not hand reset tokens to anyone who can reach it. Decided by the
        // connection itself (no header can make a caller local), and a browser relayed by a
        // trusted proxy on this machine must be local too.
        readable:
          ctx.identity.config.devMailboxReadable &&
          ctx.socketAddress !== undefined &&
          isLoopback(ctx.socketAddress) &&
          isLoopback(ctx.ip),
        to: input.to,
      }),
    ),
});

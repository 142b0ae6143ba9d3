import { z } from 'zod';
import { presentedSessionId, procedure, shopperOf } from '../../auth/authorize.js';
import { withFailedLoginLimit } from '../../auth/failed-login-limit.js';
import { clearSessionCookie, setSessionCookie } from '../../auth/session-cookies.js';
import { changePassword } from '../../domains/users/change-password.js';
import { getProfile } from '../../domains/users/get-profile.js';
import { logInShopper } from '../../domains/users/log-in-shopper.js';
import { requestPasswordReset } from '../../domains/users/request-password-reset.js';
import { resetPassword } from '../../domains/users/reset-password.js';
import { signUp } from '../../domains/users/sign-up.js';
import { updateProfile } from '../../domains/users/update-profile.js';
import { verifyEmail } from '../../domains/users/verify-email.js';
import { AppError } from '../../errors.js';
import { destroySession, readSession } from '../../infra/sessions.js';
import { router } from '../../trpc.js';
import { ZAccepted, ZEmail, ZPassword, ZSessionInfo } from '../schemas.js';

const ZProfile = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  emailVerified: z.boolean(),
});

const sessionInfo = (session: { csrfToken: string; absoluteExpiresAt: number }) => ({
  csrfToken: session.csrfToken,
  expiresAt: new Date(session.absoluteExpiresAt).toISOString(),
});

/** Shopper account: sign-up, email verification, sessions, passwords, profile. */
export const accountRouter = router({
  signUp: procedure
    .meta({ policy: { kind: 'public', rateLimit: 'signup' } })
    .input(z.object({ email: ZEmail, password: ZPassword, name: z.string().max(200).optional() }))
    .output(ZAccepted)
    .mutation(({ ctx, input }) =>
      signUp({
        db: ctx.db,
        mailer: ctx.identity.mailer,
        scrypt: ctx.identity.config.scrypt,
        publicUrl: ctx.identity.config.publicUrl,
        ...input,
      }),
    ),

  verifyEmail: procedure
    .meta({ policy: { kind: 'public' } })
    .input(z.object({ token: z.string().min(10).max(200) }))
    .output(z.object({ userId: z.string() }))
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => verifyEmail({ tx, token: input.token })),
    ),

  logIn: procedure
    .meta({ policy: { kind: 'public', rateLimit: 'login' } })
    .input(
      z.object({
        email: ZEmail,
        password: z.string().min(1).max(200),
        /** Signing in inside the widget's frame on a merchant's site (see setSessionCookie). */
        embedded: z.boolean().optional(),
      }),
    )
    .output(ZSessionInfo)
    .mutation(async ({ ctx, input }) => {
      const session = await withFailedLoginLimit(ctx, () =>
        logInShopper({
          db: ctx.db,
          redis: ctx.redis,
          sessions: ctx.identity.config.sessions,
          scrypt: ctx.identity.config.scrypt,
          previousSessionId: presentedSessionId(ctx, 'shopper'),
          email: input.email,
          password: input.password,
        }),
      );
      setSessionCookie(ctx, session, { embedded: input.embedded === true });
      return sessionInfo(session);
    }),

  logOut: procedure
    .meta({ policy: { kind: 'shopper' } })
    .output(z.object({ loggedOut: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await destroySession({ redis: ctx.redis, id: shopperOf(ctx).sessionId });
      clearSessionCookie(ctx, 'shopper');
      return { loggedOut: true as const };
    }),

  /** The current session's CSRF token, for a page that was reloaded after login. */
  session: procedure
    .meta({ policy: { kind: 'shopper' } })
    .output(ZSessionInfo)
    .query(async ({ ctx }) => {
      const session = await readSession({
        redis: ctx.redis,
        config: ctx.identity.config.sessions,
        id: shopperOf(ctx).sessionId,
        kind: 'shopper',
      });
      if (!session) throw new AppError('session_required');
      return sessionInfo(session);
    }),

  requestPasswordReset: procedure
    .meta({ policy: { kind: 'public', rateLimit: 'password_reset' } })
    .input(z.object({ email: ZEmail }))
    .output(ZAccepted)
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset({
        db: ctx.db,
        mailer: ctx.identity.mailer,
        publicUrl: ctx.identity.config.publicUrl,
        email: input.email,
        onError: (error) => ctx.logger.error({ err: error }, 'password reset mail failed'),
      });
      return { accepted: true as const };
    }),

  resetPassword: procedure
    .meta({ policy: { kind: 'public', rateLimit: 'password_reset' } })
    .input(z.object({ token: z.string().min(10).max(200), password: ZPassword }))
    .output(z.object({ userId: z.string() }))
    .mutation(({ ctx, input }) =>
      resetPassword({ db: ctx.db, redis: ctx.redis, scrypt: ctx.identity.config.scrypt, ...input }),
    ),

  changePassword: procedure
    // Limited like log-in: a stolen session must not become a password-guessing oracle.
    .meta({ policy: { kind: 'shopper', rateLimit: 'login' } })
    .input(z.object({ currentPassword: z.string().min(1).max(200), password: ZPassword }))
    .output(ZSessionInfo)
    .mutation(async ({ ctx, input }) => {
      const session = await changePassword({
        db: ctx.db,
        redis: ctx.redis,
        scrypt: ctx.identity.config.scrypt,
        sessions: ctx.identity.config.sessions,
        userId: shopperOf(ctx).userId,
        ...input,
      });
      setSessionCookie(ctx, session);
      return sessionInfo(session);
    }),

  me: procedure
    .meta({ policy: { kind: 'shopper' } })
    .output(ZProfile)
    .query(({ ctx }) => getProfile({ db: ctx.db, userId: shopperOf(ctx).userId })),

  updateProfile: procedure
    .meta({ policy: { kind: 'shopper' } })
    .input(z.object({ name: z.string().trim().min(1).max(200).nullable() }))
    .output(ZProfile)
    .mutation(({ ctx, input }) =>
      updateProfile({ db: ctx.db, userId: shopperOf(ctx).userId, name: input.name }),
    ),
});

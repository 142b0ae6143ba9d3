import { serializeCookie } from '../infra/cookies.js';
import type { Session, SessionKind } from '../infra/sessions.js';
import type { Context } from '../trpc.js';
import { SESSION_COOKIES } from './policy.js';

function secure(ctx: Context): boolean {
  const setting = ctx.identity.config.cookieSecure;
  return setting === 'auto' ? ctx.secure : setting === 'true';
}

/** Sends the session cookie (httpOnly, SameSite=Lax, Secure on https, expires with the session). */
export function setSessionCookie(ctx: Context, session: Session): void {
  if (!ctx.res || ctx.res.headersSent) return;
  const maxAgeSeconds = Math.max(0, Math.floor((session.absoluteExpiresAt - Date.now()) / 1000));
  ctx.res.appendHeader(
    'set-cookie',
    serializeCookie(SESSION_COOKIES[session.kind], session.id, {
      maxAgeSeconds,
      secure: secure(ctx),
    }),
  );
}

export function clearSessionCookie(ctx: Context, kind: SessionKind): void {
  if (!ctx.res || ctx.res.headersSent) return;
  ctx.res.appendHeader(
    'set-cookie',
    serializeCookie(SESSION_COOKIES[kind], '', { maxAgeSeconds: 0, secure: secure(ctx) }),
  );
}

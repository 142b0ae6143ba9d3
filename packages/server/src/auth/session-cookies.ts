import { serializeCookie } from '../infra/cookies.js';
import type { Session, SessionKind } from '../infra/sessions.js';
import type { Context } from '../trpc.js';
import { SESSION_COOKIES } from './policy.js';

export function secure(ctx: Context): boolean {
  const setting = ctx.identity.config.cookieSecure;
  return setting === 'auto' ? ctx.secure : setting === 'true';
}

/**
 * A Secure cookie is named `__Host-…`: browsers then keep it only if it is Secure, host-only
 * (no Domain) and Path=/, so no sibling subdomain and no plain-http page can plant or overwrite
 * it (session fixation through a cookie jar we do not own).
 */
export function sessionCookieName(kind: SessionKind, isSecure: boolean): string {
  return isSecure ? `__Host-${SESSION_COOKIES[kind]}` : SESSION_COOKIES[kind];
}

/**
 * An embedded checkout (the widget's iframe on the merchant's site) is a third-party context:
 * a SameSite=Lax cookie is neither stored nor sent there. Its session cookie is therefore
 * SameSite=None, Secure and Partitioned (CHIPS): it lives only in the jar of the merchant's site,
 * so it cannot follow the shopper anywhere else, and CSRF is still stopped by the token header
 * every cookie-authenticated mutation needs.
 */
const EMBEDDED = { sameSite: 'None', partitioned: true } as const;

/** Sends the session cookie (httpOnly, SameSite=Lax, Secure on https, expires with the session). */
export function setSessionCookie(
  ctx: Context,
  session: Session,
  options: { embedded?: boolean } = {},
): void {
  if (!ctx.res || ctx.res.headersSent) return;
  const maxAgeSeconds = Math.max(0, Math.floor((session.absoluteExpiresAt - Date.now()) / 1000));
  ctx.res.appendHeader(
    'set-cookie',
    // The embedded cookie is always Secure (SameSite=None needs it), so always prefixed.
    serializeCookie(sessionCookieName(session.kind, options.embedded || secure(ctx)), session.id, {
      maxAgeSeconds,
      secure: secure(ctx),
      ...(options.embedded ? EMBEDDED : {}),
    }),
  );
}

/** Clears the session cookie, the embedded (partitioned) one too for shoppers. */
export function clearSessionCookie(ctx: Context, kind: SessionKind): void {
  if (!ctx.res || ctx.res.headersSent) return;
  const isSecure = secure(ctx);
  ctx.res.appendHeader(
    'set-cookie',
    serializeCookie(sessionCookieName(kind, isSecure), '', { maxAgeSeconds: 0, secure: isSecure }),
  );
  if (kind === 'shopper') {
    ctx.res.appendHeader(
      'set-cookie',
      serializeCookie(sessionCookieName(kind, true), '', {
        maxAgeSeconds: 0,
        secure: true,
        ...EMBEDDED,
      }),
    );
  }
}

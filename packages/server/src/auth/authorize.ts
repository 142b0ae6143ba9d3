import { createHash } from 'node:crypto';
import { MERCHANT_ROLES } from '../db/schema/index.js';
import { verifyMerchantJwt } from '../domains/merchants/verify-merchant-jwt.js';
import { type Actor, recordAudit } from '../domains/staff/record-audit.js';
import { findActiveStaff } from '../domains/staff/staff-record.js';
import { assertShopperUnlocked } from '../domains/users/set-shopper-lock.js';
import { AppError } from '../errors.js';
import { parseCookies } from '../infra/cookies.js';
import { enforceRateLimit } from '../infra/rate-limit.js';
import { safeEqual } from '../infra/secrets.js';
import { readSession, type Session, type SessionKind } from '../infra/sessions.js';
import { type Context, middleware, type Principal, publicProcedure } from '../trpc.js';
import { CSRF_HEADER, type Policy } from './policy.js';
import { secure as cookiesSecure, sessionCookieName } from './session-cookies.js';

function header(ctx: Context, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The session id a browser presented for one kind of session (shopper or staff). The `__Host-`
 * cookie (which only a Secure, host-only Set-Cookie can have made) is always accepted; the plain
 * name only where our cookies are not Secure, so over https a cookie planted without the prefix
 * (by a sibling subdomain or a plain-http page) is never a session.
 */
export function presentedSessionId(ctx: Context, kind: SessionKind): string | undefined {
  const jar = parseCookies(header(ctx, 'cookie'));
  const prefixed = jar[sessionCookieName(kind, true)];
  if (prefixed) return prefixed;
  return cookiesSecure(ctx) ? undefined : jar[sessionCookieName(kind, false)];
}

async function sessionOf(ctx: Context, kind: SessionKind, type: string): Promise<Session> {
  const id = presentedSessionId(ctx, kind);
  const session = id
    ? await readSession({ redis: ctx.redis, config: ctx.identity.config.sessions, id, kind })
    : undefined;
  if (!session) throw new AppError('session_required');
  // SameSite cookies already keep most cross-site requests out; the synchronizer token covers
  // the rest (older browsers, same-site subdomains). Queries change nothing and are exempt.
  if (type === 'mutation') {
    const sent = header(ctx, CSRF_HEADER);
    if (!sent || !safeEqual(sent, session.csrfToken)) throw new AppError('csrf_invalid');
  }
  return session;
}

function inputField(raw: unknown, field: string): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = (raw as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/** Applies a limit; a refusal also sets the standard Retry-After header (whole seconds). */
async function limited(
  ctx: Context,
  options: Omit<Parameters<typeof enforceRateLimit>[0], 'redis'>,
): Promise<void> {
  try {
    await enforceRateLimit({ redis: ctx.redis, ...options });
  } catch (error) {
    const seconds = error instanceof AppError ? error.details?.retryAfterSeconds : undefined;
    if (typeof seconds === 'number' && ctx.res && !ctx.res.headersSent) {
      ctx.res.setHeader('retry-after', String(Math.max(1, seconds)));
    }
    throw error;
  }
}

async function rateLimit(ctx: Context, policy: Policy, raw: unknown): Promise<void> {
  if (!('rateLimit' in policy) || !policy.rateLimit) return;
  const subjects = [`ip:${ctx.ip}`];
  // Login and reset are also limited per account, so a botnet spread over many IPs still
  // cannot guess one account's password quickly.
  const email = inputField(raw, 'email');
  // Raw, not yet validated input: hashed so no caller-chosen string becomes a Redis key.
  if (email && email.length <= 254) {
    subjects.push(
      `email:${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32)}`,
    );
  }
  await limited(ctx, {
    name: policy.rateLimit,
    subjects,
    rule: ctx.identity.config.rateLimits[policy.rateLimit],
  });
}

async function resolve(
  ctx: Context,
  policy: Policy,
  type: string,
  raw: unknown,
): Promise<Principal> {
  switch (policy.kind) {
    case 'public':
      return { kind: 'anonymous' };
    case 'shopper': {
      const session = await sessionOf(ctx, 'shopper', type);
      // Locking ends the shopper's sessions; this closes the gap for a request already past
      // them (one primary-key read per shopper mutation).
      if (type === 'mutation') await assertShopperUnlocked({ db: ctx.db, userId: session.userId });
      return { kind: 'shopper', userId: session.userId, sessionId: session.id };
    }
    case 'merchant_api': {
      const authorization = header(ctx, 'authorization');
      const match = authorization?.match(/^Bearer ([\x21-\x7e]+)$/);
      if (!match?.[1]) throw new AppError('jwt_missing');
      const { config, merchants } = ctx.identity;
      // Per IP before verification, so floods of bad tokens are cut off too; per merchant after.
      await limited(ctx, {
        name: 'merchant_api',
        subjects: [`ip:${ctx.ip}`],
        rule: config.rateLimits.merchant_api,
      });
      const caller = await verifyMerchantJwt({
        db: ctx.db,
        redis: ctx.redis,
        cache: merchants,
        masterKey: config.masterKey,
        credentials: ctx.identity.credentials,
        audience: config.jwtAudience,
        token: match[1],
        beforeConsume: (merchantId) =>
          limited(ctx, {
            name: 'merchant_api',
            subjects: [`merchant:${merchantId}`],
            rule: config.rateLimits.merchant_api,
          }),
      });
      return { kind: 'merchant', ...caller };
    }
    case 'staff':
    case 'staff_self': {
      const session = await sessionOf(ctx, 'staff', type);
      const staff = await findActiveStaff({ db: ctx.db, staffId: session.userId });
      if (!staff) throw new AppError('session_required');
      if (policy.kind === 'staff') {
        if (!policy.roles.includes(staff.role)) throw new AppError('forbidden');
        if ((MERCHANT_ROLES as readonly string[]).includes(staff.role)) {
          // Merchant staff only ever name their own merchant; anything else (including no
          // merchant at all) is refused before the procedure runs.
          if (!staff.merchantId || inputField(raw, 'merchantId') !== staff.merchantId) {
            throw new AppError('forbidden', {
              message: 'You can only act on your own merchant.',
              field: 'merchantId',
            });
          }
        }
      }
      return {
        kind: 'staff',
        staffId: staff.id,
        role: staff.role,
        merchantId: staff.merchantId,
        sessionId: session.id,
      };
    }
  }
}

/**
 * The signed-in staff member of a plain HTTP request (a download the browser makes with its
 * cookie): the same session check the procedures make for a query. Which staff may do what
 * with it is the caller's to decide (see `routers/orders-export-route.ts`).
 */
export async function staffOfRequest(
  ctx: Context,
): Promise<{ staffId: string; role: string; merchantId: string | null }> {
  const session = await sessionOf(ctx, 'staff', 'query');
  const staff = await findActiveStaff({ db: ctx.db, staffId: session.userId });
  if (!staff) throw new AppError('session_required');
  return { staffId: staff.id, role: staff.role, merchantId: staff.merchantId };
}

/** The audit identity of a staff caller (who and from where). */
function actorOf(ctx: Context): Actor {
  const principal = ctx.principal;
  if (principal.kind !== 'staff') {
    throw new AppError('internal_error', { internalMessage: 'actorOf: caller is not staff' });
  }
  return {
    type: 'staff',
    id: principal.staffId,
    ip: ctx.ip,
    userAgent: header(ctx, 'user-agent'),
    requestId: ctx.requestId,
  };
}

/**
 * The one authorisation layer: resolves the caller from the procedure's declared policy, applies
 * its rate limit and refuses everything else. Staff mutations that wrote no audit row of their
 * own get a generic one, so no staff action goes unrecorded.
 */
export const authorize = middleware(async ({ ctx, meta, type, path, getRawInput, next }) => {
  const policy = meta?.policy;
  if (!policy) {
    throw new AppError('internal_error', {
      internalMessage: `procedure ${path} declares no policy`,
    });
  }
  const raw = await getRawInput().catch(() => undefined);
  await rateLimit(ctx, policy, raw);
  const principal = await resolve(ctx, policy, type, raw);
  if (principal.kind === 'merchant' && ctx.apiCaller) {
    ctx.apiCaller.merchant = { merchantId: principal.merchantId, mode: principal.mode };
  }
  if (principal.kind === 'shopper' && 'rateLimit' in policy && policy.rateLimit) {
    // Also per shopper: one account spread over many addresses (a stolen session behind a
    // botnet) is held to the same pace as one address.
    await limited(ctx, {
      name: policy.rateLimit,
      subjects: [`shopper:${principal.userId}`],
      rule: ctx.identity.config.rateLimits[policy.rateLimit],
    });
  }
  const actor = principal.kind === 'staff' ? actorOf({ ...ctx, principal }) : undefined;
  const result = await next({ ctx: { principal, actor } });
  if (actor && type === 'mutation' && result.ok && !actor.audited) {
    await recordAudit({
      tx: ctx.db,
      actor,
      action: path,
      merchantId: inputField(raw, 'merchantId') ?? null,
      targetType: inputField(raw, 'merchantId') ? 'merchant' : undefined,
      targetId: inputField(raw, 'merchantId'),
    });
  }
  return result;
});

/** The base of every application procedure (declare `.meta({ policy })` on each). */
export const procedure = publicProcedure.use(authorize);

/** Narrowing helpers: the policy guarantees the caller kind; these make it visible to types. */
export function shopperOf(ctx: Context): Extract<Principal, { kind: 'shopper' }> {
  if (ctx.principal.kind !== 'shopper') throw new AppError('session_required');
  return ctx.principal;
}

export function staffOf(ctx: Context): Extract<Principal, { kind: 'staff' }> {
  if (ctx.principal.kind !== 'staff') throw new AppError('session_required');
  return ctx.principal;
}

export function merchantOf(ctx: Context): Extract<Principal, { kind: 'merchant' }> {
  if (ctx.principal.kind !== 'merchant') throw new AppError('jwt_missing');
  return ctx.principal;
}

/**
 * The staff actor the authorisation layer resolved for this call. Domain functions record audit
 * rows with it; its `audited` flag tells the layer not to add a generic row.
 */
export function staffActor(ctx: { actor?: Actor | undefined }): Actor {
  if (!ctx.actor) throw new AppError('session_required');
  return ctx.actor;
}

/** Who made a merchant API call, for the audit log: the API key (never its secret). */
export function apiActor(ctx: Context): Actor {
  const { credentialId } = merchantOf(ctx);
  return { type: 'system', id: credentialId, ip: ctx.ip, requestId: ctx.requestId };
}

/** The idempotency scope of a merchant API call: keys of test and live mode never collide. */
export function merchantScope(ctx: Context): string {
  const { merchantId, mode } = merchantOf(ctx);
  return `${merchantId}:${mode}`;
}

/**
 * The shopper behind a public call, when a valid shopper session cookie came with it (guest
 * checkout records who paid if they happen to be logged in). Never a reason to refuse.
 */
export async function optionalShopper(ctx: Context): Promise<string | null> {
  const id = presentedSessionId(ctx, 'shopper');
  if (!id) return null;
  const session = await readSession({
    redis: ctx.redis,
    config: ctx.identity.config.sessions,
    id,
    kind: 'shopper',
  }).catch(() => undefined);
  return session?.userId ?? null;
}

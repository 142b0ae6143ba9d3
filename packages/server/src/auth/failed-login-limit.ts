import { AppError, isAppError } from '../errors.js';
import { slidingWindowCount } from '../infra/rate-limit.js';
import type { Context } from '../trpc.js';

const KEY = 'rl:login_failures:global';

/**
 * The platform-wide failed log-in limit (OWASP ASVS 5.0 V2.4): a password spray tries a few
 * passwords on many accounts from many addresses, so neither the per-IP nor the per-account
 * limit sees it. Every failed log-in (shopper or staff) counts in one sliding window; while the
 * window is full, every log-in attempt is refused with `rate_limited` (limit `login_global`)
 * before its password is even checked. The price: during a spray, legitimate log-ins wait too.
 */
export async function withFailedLoginLimit<T>(ctx: Context, logIn: () => Promise<T>): Promise<T> {
  const rule = ctx.identity.config.loginFailuresGlobal;
  const now = await slidingWindowCount({
    redis: ctx.redis,
    key: KEY,
    periodSeconds: rule.periodSeconds,
    add: 0,
  });
  if (now.count >= rule.limit) {
    // The estimate decays over the next window; the end of this one is an honest upper bound
    // for when the first attempt will be let through.
    const retryAfterMs = Math.max(1_000, Math.min(now.windowEndsInMs, rule.periodSeconds * 1000));
    const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
    if (ctx.res && !ctx.res.headersSent)
      ctx.res.setHeader('retry-after', String(retryAfterSeconds));
    throw new AppError('rate_limited', {
      internalMessage: `global failed log-in limit: ${Math.floor(now.count)} in ${rule.periodSeconds}s`,
      details: { limit: 'login_global', retryAfterMs, retryAfterSeconds },
    });
  }
  try {
    return await logIn();
  } catch (error) {
    if (isAppError(error) && error.code === 'invalid_credentials') {
      await slidingWindowCount({
        redis: ctx.redis,
        key: KEY,
        periodSeconds: rule.periodSeconds,
        add: 1,
      });
    }
    throw error;
  }
}

import type { StaffRole } from '../db/schema/index.js';

/** Limits named by policies; each is configured by a RATE_LIMIT_* variable. */
export const RATE_LIMIT_NAMES = [
  'login',
  'signup',
  'password_reset',
  'payment',
  'merchant_api',
] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

/**
 * Who may call a procedure. Every procedure declares one (`.meta({ policy })`); the single
 * authorisation middleware enforces it and refuses procedures that declare none.
 *
 * - `public`: anyone (sign-up, log-in, onboarding applications).
 * - `shopper`: a shopper session cookie; mutations need the CSRF token.
 * - `merchant_api`: a merchant JWT (Authorization: Bearer); rate limited per merchant and IP.
 * - `staff`: a staff session cookie with one of `roles`. Merchant staff (owner, developer) may
 *   only name their own merchant: the input's `merchantId` must be theirs.
 * - `staff_self`: any logged-in staff user acting on their own account (me, log out, password).
 */
export type Policy =
  | { kind: 'public'; rateLimit?: RateLimitName }
  | { kind: 'shopper'; rateLimit?: RateLimitName }
  | { kind: 'merchant_api'; rateLimit?: RateLimitName }
  | { kind: 'staff'; roles: readonly StaffRole[] }
  | { kind: 'staff_self'; rateLimit?: RateLimitName };

export type Meta = { policy?: Policy };

export const SESSION_COOKIES = { shopper: 'ducat_session', staff: 'ducat_staff_session' } as const;
export const CSRF_HEADER = 'x-csrf-token';

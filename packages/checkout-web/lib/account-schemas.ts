import { z } from 'zod';

// Zod compiles fast paths with `new Function`; the checkout's CSP (no 'unsafe-eval') refuses
// that and the browser reports a violation on every page. Plain parsing is fast enough here.
z.config({ jitless: true });

/**
 * The sign-in and sign-up rules the browser checks before a request: the same as the API's
 * (`ZEmail`, `ZPassword` in packages/server/src/routers/schemas.ts: an email of at most 254
 * characters, a password of 10 to 200), with messages written for a shopper. The API checks
 * again; these only spare a round trip and put the error next to its field.
 */
export const ZSignIn = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address.')
    .pipe(
      z
        .email('Enter an email address such as alice@example.com.')
        .max(254, 'That email is too long.'),
    ),
  password: z.string().min(1, 'Enter your password.').max(200, 'That password is too long.'),
});

export const ZSignUp = z.object({
  name: z.string().trim().max(200, 'At most 200 characters.'),
  email: ZSignIn.shape.email,
  password: z.string().min(10, 'Use at least 10 characters.').max(200, 'At most 200 characters.'),
});

/** A campaign code as the API takes it (`ZCampaignCode` in domains/campaigns/schemas.ts). */
export const ZDiscountCode = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the code.')
    .regex(/^[A-Za-z0-9_-]{3,40}$/, 'A code is 3 to 40 letters, digits, _ or -.'),
});

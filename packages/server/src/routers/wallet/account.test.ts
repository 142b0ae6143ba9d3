import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIES } from '../../auth/policy.js';
import { useTestEnv } from '../../test/harness.js';
import {
  Browser,
  IDENTITY_TEST_ENV,
  lastMailTo,
  PASSWORD,
  type RunningServer,
  startServer,
  tokenFrom,
  uniqueEmail,
} from '../../test/identity.js';

const t = useTestEnv({ ...IDENTITY_TEST_ENV, RATE_LIMIT_LOGIN: '3/3', TRUST_PROXY: 'loopback' });
const SHOPPER = SESSION_COOKIES.shopper;

describe('shopper accounts over HTTP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(t());
  });
  afterAll(async () => {
    await server.http.close(1_000);
  });

  async function signedUp(): Promise<{ browser: Browser; email: string }> {
    const browser = new Browser(server.base);
    const email = uniqueEmail('shopper');
    const res = await browser.mutation('account.signUp', {
      email,
      password: PASSWORD,
      name: 'Ann',
    });
    expect(res.status).toBe(200);
    return { browser, email };
  }

  async function loggedIn(): Promise<{ browser: Browser; email: string }> {
    const { browser, email } = await signedUp();
    const res = await browser.mutation('account.logIn', { email, password: PASSWORD });
    expect(res.status).toBe(200);
    return { browser, email };
  }

  it('sign-up mails a verification link that verifies the email once', async () => {
    const { browser, email } = await signedUp();
    const mail = await lastMailTo(t(), email);
    expect(mail.subject).toBe('Verify your email');
    const token = tokenFrom(mail.text);
    expect((await browser.mutation('account.verifyEmail', { token })).status).toBe(200);
    const again = await browser.mutation('account.verifyEmail', { token });
    expect(again.body.error?.data.code).toBe('email_token_invalid');
    await browser.mutation('account.logIn', { email, password: PASSWORD });
    const me = await browser.query('account.me');
    expect(me.body.result?.data).toMatchObject({ email, name: 'Ann', emailVerified: true });
  });

  it('the development mailbox can be read over the API from this machine only (not in production)', async () => {
    const { browser, email } = await signedUp();
    const remote = await browser.query('dev.mailbox', { to: email });
    expect(remote.body.error?.data.code).toBe('not_found');
    const local = new Browser(server.base, '127.0.0.1');
    const box = await local.query('dev.mailbox', { to: email });
    expect(box.body.result?.data).toEqual([
      expect.objectContaining({ to: email, subject: 'Verify your email' }),
    ]);
  });

  it('signing up twice answers the same and does not reveal the account', async () => {
    const { browser, email } = await signedUp();
    const again = await browser.mutation('account.signUp', {
      email,
      password: 'another password 1',
    });
    expect(again.status).toBe(200);
    expect(again.body.result?.data).toEqual({ accepted: true });
    expect((await lastMailTo(t(), email)).subject).toBe('Someone tried to sign up with your email');
  });

  it('log-in sets an httpOnly SameSite session cookie; wrong passwords are refused', async () => {
    const { browser, email } = await signedUp();
    const wrong = await browser.mutation('account.logIn', { email, password: 'wrong password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.data.code).toBe('invalid_credentials');
    const ok = await browser.mutation('account.logIn', { email, password: PASSWORD });
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith(`${SHOPPER}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    // Behind a trusted proxy that saw https, the cookie is Secure.
    const https = await new Browser(server.base).mutation(
      'account.logIn',
      { email, password: PASSWORD },
      { 'x-forwarded-proto': 'https' },
    );
    expect(https.headers.getSetCookie().join()).toMatch(/^__Host-ducat_session=.*; Secure/);
    // Inside the widget's frame on a merchant's site: a partitioned third-party cookie.
    const other = await signedUp();
    const embedded = await other.browser.mutation('account.logIn', {
      email: other.email,
      password: PASSWORD,
      embedded: true,
    });
    // Always Secure, so always __Host- prefixed.
    const framed = embedded.headers.getSetCookie().find((c) => c.startsWith(`__Host-${SHOPPER}=`));
    expect(framed).toMatch(/HttpOnly; SameSite=None; Secure; Partitioned$/);
    expect((await browser.query('account.me')).body.result?.data).toMatchObject({ email });
  });

  it('session fixation: a session id planted before log-in is replaced and dead after it', async () => {
    const victim = await signedUp();
    // The attacker plants a session id of its own (a real one, from its own account).
    const attacker = await loggedIn();
    const planted = attacker.browser.cookies.get(SHOPPER) ?? '';
    expect(planted).not.toBe('');
    victim.browser.cookies.set(SHOPPER, planted);
    await victim.browser.mutation('account.logIn', { email: victim.email, password: PASSWORD });
    const issued = victim.browser.cookies.get(SHOPPER);
    expect(issued).toBeDefined();
    expect(issued).not.toBe(planted);
    const stale = await attacker.browser.query('account.me');
    expect(stale.status).toBe(401);
    expect(stale.body.error?.data.code).toBe('session_required');
    expect((await victim.browser.query('account.me')).body.result?.data).toMatchObject({
      email: victim.email,
    });
  });

  it('CSRF: cookie-authenticated mutations without the right token are refused', async () => {
    const { browser } = await loggedIn();
    const missing = await browser.mutation(
      'account.updateProfile',
      { name: 'Mallory' },
      {
        'x-csrf-token': '',
      },
    );
    expect(missing.status).toBe(403);
    expect(missing.body.error?.data.code).toBe('csrf_invalid');
    const wrong = await browser.mutation(
      'account.updateProfile',
      { name: 'Mallory' },
      {
        'x-csrf-token': 'forged-token-value',
      },
    );
    expect(wrong.body.error?.data.code).toBe('csrf_invalid');
    expect((await browser.query('account.me')).body.result?.data).toMatchObject({ name: 'Ann' });
    const ok = await browser.mutation('account.updateProfile', { name: 'Ann B' });
    expect(ok.status).toBe(200);
    expect(ok.body.result?.data).toMatchObject({ name: 'Ann B' });
  });

  it('log-out ends the session', async () => {
    const { browser } = await loggedIn();
    const sid = browser.cookies.get(SHOPPER) ?? '';
    const out = await browser.mutation('account.logOut');
    expect(out.status).toBe(200);
    expect(browser.cookies.has(SHOPPER)).toBe(false);
    // Both the first-party cookie and the widget's partitioned one are cleared.
    expect(out.headers.getSetCookie().filter((c) => c.includes('Max-Age=0'))).toHaveLength(2);
    expect(out.headers.getSetCookie().join()).toMatch(/Partitioned/);
    browser.cookies.set(SHOPPER, sid);
    expect((await browser.query('account.me')).body.error?.data.code).toBe('session_required');
  });

  it('a password reset sets the new password and ends every session', async () => {
    const { browser, email } = await loggedIn();
    const other = new Browser(server.base);
    await other.mutation('account.logIn', { email, password: PASSWORD });
    const anonymous = new Browser(server.base);
    const requested = await anonymous.mutation('account.requestPasswordReset', { email });
    expect(requested.body.result?.data).toEqual({ accepted: true });
    const token = tokenFrom((await lastMailTo(t(), email, 'Reset your password')).text);
    const newPassword = 'a brand new passphrase';
    expect(
      (await anonymous.mutation('account.resetPassword', { token, password: newPassword })).status,
    ).toBe(200);
    for (const b of [browser, other]) {
      expect((await b.query('account.me')).body.error?.data.code).toBe('session_required');
    }
    // (Log-in is limited to 3 per account here: one attempt left, with the new password.)
    const after = await anonymous.mutation('account.logIn', { email, password: newPassword });
    expect(after.status).toBe(200);
  });

  it('a reset request for an unknown address answers the same and sends nothing', async () => {
    const anonymous = new Browser(server.base);
    const email = uniqueEmail('nobody');
    const res = await anonymous.mutation('account.requestPasswordReset', { email });
    expect(res.body.result?.data).toEqual({ accepted: true });
    await expect(lastMailTo(t(), email)).rejects.toThrow('no mail');
  });

  it('changing the password ends other sessions and rotates this one', async () => {
    const { browser, email } = await loggedIn();
    const other = new Browser(server.base);
    await other.mutation('account.logIn', { email, password: PASSWORD });
    const before = browser.cookies.get(SHOPPER);
    const changed = await browser.mutation('account.changePassword', {
      currentPassword: PASSWORD,
      password: 'changed passphrase 42',
    });
    expect(changed.status).toBe(200);
    expect(browser.cookies.get(SHOPPER)).not.toBe(before);
    expect((await browser.query('account.me')).status).toBe(200);
    expect((await other.query('account.me')).body.error?.data.code).toBe('session_required');
  });

  it('cards cannot be added with details from the client (only the provider card set-up saves one)', async () => {
    const { browser } = await loggedIn();
    const added = await browser.mutation('cards.add', {
      provider: 'sandbox',
      providerToken: 'tok_sandbox_4242abcd',
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 2,
    });
    expect(added.status).toBe(404);
    expect((await browser.query('cards.list')).body.result?.data).toEqual([]);
    const removed = await browser.mutation('cards.remove', { cardId: 'crd_doesnotexist' });
    expect(removed.body.error?.data.code).toBe('not_found');
  });

  it('log-in is rate limited per account with a retry-after, and recovers', async () => {
    const { email } = await signedUp();
    const browser = new Browser(server.base);
    const attempt = () => browser.mutation('account.logIn', { email, password: 'wrong password' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error?.data.code).toBe('rate_limited');
    const details = limited.body.error?.data.details as { retryAfterMs?: number } | undefined;
    const retryAfterMs = details?.retryAfterMs ?? 0;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(1_000);
    expect(limited.headers.get('retry-after')).toBe('1');
    await new Promise((r) => setTimeout(r, retryAfterMs + 50));
    const recovered = await browser.mutation('account.logIn', { email, password: PASSWORD });
    expect(recovered.status).toBe(200);
  });
});

describe('cross-site requests', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(t());
  });
  afterAll(async () => {
    await server.http.close(1_000);
  });

  it('a form-style POST (no JSON content type) is refused before any procedure runs', async () => {
    const res = await fetch(`${server.base}/trpc/account.logIn`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ email: 'a@b.example', password: 'whatever' }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'content_type_invalid',
    );
  });
});

import proxyAddr from 'proxy-addr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityServices } from '../auth/identity-services.js';
import { createHttpServer, type HttpServer } from '../http.js';
import { appRouter } from '../root.js';
import { createCallerFactory } from '../trpc.js';
import { useTestEnv } from './harness.js';
import {
  Browser,
  createStaff,
  IDENTITY_TEST_ENV,
  identityFor,
  PASSWORD,
  uniqueEmail,
} from './identity.js';

const t = useTestEnv({
  ...IDENTITY_TEST_ENV,
  RATE_LIMIT_LOGIN: '3/60',
  RATE_LIMIT_SIGNUP: '100/60',
});

type Server = { base: string; http: HttpServer };

/** The real router over HTTP, trusting exactly `proxies` (TRUST_PROXY) and with the given limits. */
async function serve(
  proxies: string[],
  config: Partial<IdentityServices['config']> = {},
): Promise<Server> {
  const base = identityFor(t());
  const identity: IdentityServices = {
    ...base,
    config: { ...base.config, trustProxy: proxyAddr.compile(proxies), ...config },
  };
  const http = createHttpServer({
    router: appRouter,
    database: t().database,
    redis: t().redis,
    logger: t().logger,
    config: { idempotencyTtlHours: 24 },
    identity,
  });
  const address = await http.listen(0, '127.0.0.1');
  return { base: `http://127.0.0.1:${address.port}`, http };
}

async function signedUp(base: string): Promise<string> {
  const email = uniqueEmail('proxy');
  const res = await new Browser(base).mutation('account.signUp', { email, password: PASSWORD });
  expect(res.status).toBe(200);
  return email;
}

describe('forwarded headers from a socket that is not a trusted proxy', () => {
  let server: Server;
  beforeAll(async () => {
    // A proxy is configured, but it is not us (we call from 127.0.0.1).
    server = await serve(['192.0.2.99']);
  });
  afterAll(() => server.http.close(1_000));

  it('X-Forwarded-Proto is ignored: no Secure cookie, no HSTS', async () => {
    const email = await signedUp(server.base);
    const res = await new Browser(server.base).mutation(
      'account.logIn',
      { email, password: PASSWORD },
      { 'x-forwarded-proto': 'https' },
    );
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/^ducat_session=/);
    expect(cookie).not.toMatch(/Secure/);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
  it('X-Forwarded-For is ignored: rotating it does not escape the per-IP log-in limit', async () => {
    await t().redis.del('rl:login:ip:127.0.0.1');
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      // A different account each time, so only the per-IP limit can refuse.
      const browser = new Browser(server.base, `203.0.113.${20 + i}`);
      const res = await browser.mutation('account.logIn', {
        email: uniqueEmail('spray'),
        password: 'not the password',
      });
      codes.push(res.body.error?.data.code);
    }
    expect(codes).toEqual([
      'invalid_credentials',
      'invalid_credentials',
      'invalid_credentials',
      'rate_limited',
    ]);
  });
});

describe('forwarded headers from a trusted proxy', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serve(['loopback']);
  });
  afterAll(() => server.http.close(1_000));

  it('X-Forwarded-For is honoured: each forwarded client has its own per-IP bucket', async () => {
    const a = new Browser(server.base, '198.51.100.1');
    for (let i = 0; i < 3; i++) {
      const res = await a.mutation('account.logIn', { email: uniqueEmail('a'), password: 'x' });
      expect(res.body.error?.data.code).toBe('invalid_credentials');
    }
    const limited = await a.mutation('account.logIn', { email: uniqueEmail('a'), password: 'x' });
    expect(limited.body.error?.data.code).toBe('rate_limited');
    const b = new Browser(server.base, '198.51.100.2');
    const other = await b.mutation('account.logIn', { email: uniqueEmail('b'), password: 'x' });
    expect(other.body.error?.data.code).toBe('invalid_credentials');
  });

  it('entries a client wrote before the proxy appended its own are not believed', async () => {
    // The client sends a fresh forged entry every time; the proxy appends the real address.
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const browser = new Browser(server.base, `203.0.113.${40 + i}, 198.51.100.9`);
      const res = await browser.mutation('account.logIn', {
        email: uniqueEmail('forged'),
        password: 'x',
      });
      codes.push(res.body.error?.data.code);
    }
    expect(codes.at(-1)).toBe('rate_limited');
  });

  it('over https (the proxy says so) the cookie is __Host-, Secure, and HSTS is sent', async () => {
    const email = await signedUp(server.base);
    const plain = await new Browser(server.base).mutation('account.logIn', {
      email,
      password: PASSWORD,
    });
    expect(plain.headers.getSetCookie().join('\n')).toMatch(/^ducat_session=[^;]+; Path=\//);
    expect(plain.headers.get('strict-transport-security')).toBeNull();

    const https = new Browser(server.base);
    const res = await https.mutation(
      'account.logIn',
      { email, password: PASSWORD },
      { 'x-forwarded-proto': 'https' },
    );
    const cookie = res.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/^__Host-ducat_session=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; /);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(res.headers.get('strict-transport-security')).toBe(
      'max-age=63072000; includeSubDomains',
    );
    const me = await https.query('account.me', undefined, { 'x-forwarded-proto': 'https' });
    expect(me.body.result?.data).toMatchObject({ email });
  });

  it('over https a session cookie without the __Host- prefix is not a session', async () => {
    const email = await signedUp(server.base);
    const browser = new Browser(server.base);
    await browser.mutation(
      'account.logIn',
      { email, password: PASSWORD },
      { 'x-forwarded-proto': 'https' },
    );
    const id = browser.cookies.get('__Host-ducat_session') ?? '';
    expect(id).not.toBe('');
    // The same valid id under the plain name (as a sibling subdomain could plant it).
    const planted = new Browser(server.base);
    planted.cookies.set('ducat_session', id);
    const https = await planted.query('account.me', undefined, { 'x-forwarded-proto': 'https' });
    expect(https.body.error?.data.code).toBe('session_required');
  });
});

describe('the development mailbox', () => {
  const createCaller = createCallerFactory(appRouter);
  function callerFrom(addresses: { socketAddress: string; ip: string }) {
    return createCaller({
      requestId: 'req_test',
      logger: t().logger,
      db: t().database.db,
      redis: t().redis,
      principal: { kind: 'anonymous' },
      headers: {},
      config: { idempotencyTtlHours: 24 },
      secure: false,
      identity: identityFor(t()),
      ...addresses,
    });
  }

  it('decides by the connection: a remote socket claiming 127.0.0.1 is refused', async () => {
    const email = await signedUp((await serve([])).base);
    const spoofed = callerFrom({ socketAddress: '192.0.2.50', ip: '127.0.0.1' });
    await expect(spoofed.dev.mailbox({ to: email })).rejects.toMatchObject({
      cause: expect.objectContaining({ code: 'not_found' }),
    });
    // A remote browser relayed by a trusted proxy on this machine is still remote.
    const relayed = callerFrom({ socketAddress: '127.0.0.1', ip: '198.51.100.4' });
    await expect(relayed.dev.mailbox({ to: email })).rejects.toMatchObject({
      cause: expect.objectContaining({ code: 'not_found' }),
    });
    const local = callerFrom({ socketAddress: '::ffff:127.0.0.1', ip: '::ffff:127.0.0.1' });
    expect(await local.dev.mailbox({ to: email })).toEqual([
      expect.objectContaining({ to: email, subject: 'Verify your email' }),
    ]);
  });

  it('over HTTP from this machine with a forged remote X-Forwarded-For and no trusted proxy: readable', async () => {
    const server = await serve([]);
    const email = await signedUp(server.base);
    const res = await new Browser(server.base, '203.0.113.77').query('dev.mailbox', { to: email });
    expect(res.body.result?.data).toHaveLength(1);
    await server.http.close(1_000);
  });
});

describe('the global failed log-in limit (a password spray from rotating addresses)', () => {
  it('trips after the platform-wide number of failures and refuses every log-in, shopper and staff', async () => {
    await t().redis.del('rl:login_failures:global');
    const server = await serve(['loopback'], {
      loginFailuresGlobal: { limit: 5, periodSeconds: 60 },
    });
    const victim = await signedUp(server.base);
    const staff = await createStaff(t(), { role: 'admin' });
    // Five accounts, five addresses, one wrong password each: no per-IP or per-account limit sees it.
    for (let i = 0; i < 5; i++) {
      const res = await new Browser(server.base, `198.51.100.${100 + i}`).mutation(
        'account.logIn',
        { email: uniqueEmail('sprayed'), password: 'Summer2026!' },
      );
      expect(res.body.error?.data.code).toBe('invalid_credentials');
    }
    const next = await new Browser(server.base, '198.51.100.200').mutation('account.logIn', {
      email: victim,
      password: PASSWORD,
    });
    expect(next.status).toBe(429);
    expect(next.body.error?.data).toMatchObject({
      code: 'rate_limited',
      details: { limit: 'login_global' },
    });
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const staffLogIn = await new Browser(server.base, '198.51.100.201').mutation('admin.logIn', {
      email: staff.email,
      password: PASSWORD,
    });
    expect(staffLogIn.body.error?.data.code).toBe('rate_limited');
    // Nothing was signed in while the limit held.
    expect(next.headers.getSetCookie()).toEqual([]);
    await server.http.close(1_000);
    await t().redis.del('rl:login_failures:global');
  });

  it('successful log-ins do not count', async () => {
    await t().redis.del('rl:login_failures:global');
    const server = await serve(['loopback'], {
      loginFailuresGlobal: { limit: 2, periodSeconds: 60 },
    });
    const email = await signedUp(server.base);
    for (let i = 0; i < 3; i++) {
      const res = await new Browser(server.base, `198.51.100.${150 + i}`).mutation(
        'account.logIn',
        { email, password: PASSWORD },
      );
      expect(res.status).toBe(200);
    }
    await server.http.close(1_000);
  });
});

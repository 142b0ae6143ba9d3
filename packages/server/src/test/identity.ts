import { SignJWT } from 'jose';
import { createIdentityServices, type IdentityServices } from '../auth/identity-services.js';
import type { Mode, StaffRole } from '../db/schema/index.js';
import { mailboxMessages } from '../db/schema/index.js';
import { applyMerchant } from '../domains/merchants/apply-merchant.js';
import { changeMerchantStatus } from '../domains/merchants/change-merchant-status.js';
import { issueMerchantCredential } from '../domains/merchants/issue-merchant-credential.js';
import { createStaffUser } from '../domains/staff/create-staff-user.js';
import type { Actor } from '../domains/staff/record-audit.js';
import { createHttpServer, type HttpServer } from '../http.js';
import { newId } from '../infra/id.js';
import { appRouter } from '../root.js';
import type { TestEnv } from './harness.js';

/** Settings every identity test file uses: cheap scrypt so tests do not burn the CPU. */
export const IDENTITY_TEST_ENV = { SCRYPT_COST: '1024' };

export const SYSTEM: Actor = { type: 'system', id: 'test' };
export const PASSWORD = 'correct horse battery staple';

export function identityFor(t: TestEnv): IdentityServices {
  return createIdentityServices({
    env: t.env,
    db: t.database.db,
    redis: t.redis,
    logger: t.logger,
  });
}

export type RunningServer = { base: string; http: HttpServer; identity: IdentityServices };

/** The real app router over real HTTP against the test database and Redis. */
export async function startServer(t: TestEnv): Promise<RunningServer> {
  const identity = identityFor(t);
  const http = createHttpServer({
    router: appRouter,
    database: t.database,
    redis: t.redis,
    logger: t.logger,
    // Test merchants receive IPNs on 127.0.0.1.
    config: { idempotencyTtlHours: 24, ipnAllowPrivateNetworks: true },
    identity,
  });
  const address = await http.listen(0, '127.0.0.1');
  return { base: `http://127.0.0.1:${address.port}`, http, identity };
}

let counter = 0;

export type TrpcBody = {
  result?: { data: unknown };
  error?: { message: string; data: { code: string; httpStatus: number } & Record<string, unknown> };
};

export type CallResult = { status: number; body: TrpcBody; headers: Headers };

/**
 * A minimal browser: keeps cookies like one (by name) and sends the CSRF header once it has a
 * token. Calls go through tRPC's HTTP protocol (GET for queries, POST for mutations).
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  readonly headers: Record<string, string>;

  /**
   * Each browser comes from its own address (honoured when TRUST_PROXY is on), so per-IP rate
   * limits of one test do not spill into the next.
   */
  constructor(
    readonly base: string,
    ip = `10.${counter++ % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  ) {
    this.headers = { 'x-forwarded-for': ip };
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async call(
    type: 'query' | 'mutation',
    path: string,
    input?: unknown,
    extra: Record<string, string> = {},
  ): Promise<CallResult> {
    const headers: Record<string, string> = { ...this.headers, ...extra };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    if (this.csrfToken && type === 'mutation' && !('x-csrf-token' in headers)) {
      headers['x-csrf-token'] = this.csrfToken;
    }
    let res: Response;
    if (type === 'query') {
      const query =
        input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      res = await fetch(`${this.base}/trpc/${path}${query}`, { headers });
    } else {
      headers['content-type'] = 'application/json';
      res = await fetch(`${this.base}/trpc/${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
      });
    }
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = (await res.json()) as TrpcBody;
    const data = body.result?.data as { csrfToken?: string } | undefined;
    if (data && typeof data === 'object' && typeof data.csrfToken === 'string') {
      this.csrfToken = data.csrfToken;
    }
    return { status: res.status, body, headers: res.headers };
  }

  query(path: string, input?: unknown, extra?: Record<string, string>) {
    return this.call('query', path, input, extra);
  }

  mutation(path: string, input?: unknown, extra?: Record<string, string>) {
    return this.call('mutation', path, input, extra);
  }
}

export function uniqueEmail(label: string): string {
  counter++;
  return `${label}-${counter}-${newId('req').slice(-6).toLowerCase()}@example.test`;
}

/** A merchant through the real onboarding path, activated by the system unless told otherwise. */
export async function createMerchant(
  t: TestEnv,
  options: { status?: 'pending' | 'active' | 'suspended'; ownerEmail?: string } = {},
): Promise<{ merchantId: string; ownerId: string; ownerEmail: string }> {
  const ownerEmail = options.ownerEmail ?? uniqueEmail('owner');
  const scrypt = identityFor(t).config.scrypt;
  const created = await applyMerchant({
    db: t.database.db,
    scrypt,
    application: {
      businessName: 'Test Shop',
      website: 'https://shop.example',
      contactEmail: 'ops@shop.example',
      callbackUrl: 'https://shop.example/return',
      ipnUrl: 'https://shop.example/ipn',
      allowedOrigins: ['https://shop.example'],
      owner: { email: ownerEmail, password: PASSWORD },
    },
  });
  const status = options.status ?? 'active';
  if (status !== 'pending') {
    await t.database.db.transaction((tx) =>
      changeMerchantStatus({ tx, actor: SYSTEM, merchantId: created.merchantId, status: 'active' }),
    );
  }
  if (status === 'suspended') {
    await t.database.db.transaction((tx) =>
      changeMerchantStatus({ tx, actor: SYSTEM, merchantId: created.merchantId, status }),
    );
  }
  return { ...created, ownerEmail };
}

export async function issueApiKey(
  t: TestEnv,
  options: { merchantId: string; mode?: Mode; graceSeconds?: number },
): Promise<{ secret: string; credentialId: string }> {
  const identity = identityFor(t);
  const issued = await t.database.db.transaction((tx) =>
    issueMerchantCredential({
      tx,
      actor: SYSTEM,
      masterKey: identity.config.masterKey,
      merchantId: options.merchantId,
      kind: 'api_key',
      mode: options.mode ?? 'test',
      graceSeconds: options.graceSeconds ?? 0,
    }),
  );
  return { secret: issued.secret, credentialId: issued.credential.id };
}

export async function createStaff(
  t: TestEnv,
  options: { role: StaffRole; merchantId?: string },
): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(options.role);
  const staff = await createStaffUser({
    db: t.database.db,
    actor: SYSTEM,
    scrypt: identityFor(t).config.scrypt,
    email,
    password: PASSWORD,
    role: options.role,
    merchantId: options.merchantId,
  });
  return { id: staff.id, email };
}

/** A merchant JWT as the SDK makes one: HS256 with the key string as the HMAC secret. */
export async function signMerchantJwt(options: {
  secret: string;
  merchantId: string;
  audience?: string;
  iat?: number;
  lifetimeSeconds?: number;
  jti?: string;
}): Promise<string> {
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.merchantId)
    .setAudience(options.audience ?? 'ducat-api')
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetimeSeconds ?? 60))
    .setJti(options.jti ?? newId('req'))
    .sign(new TextEncoder().encode(options.secret));
}

/** The development mailbox's newest message to an address. */
/**
 * The newest mail to an address (with `subject`, the newest with that subject). Some mail leaves
 * after the request answered (password resets), so with a subject it waits up to 5 s for it.
 */
export async function lastMailTo(
  t: TestEnv,
  to: string,
  subject?: string,
): Promise<{ subject: string; text: string }> {
  const deadline = Date.now() + (subject ? 5_000 : 0);
  for (;;) {
    const rows = await t.database.db.select().from(mailboxMessages);
    const mine = rows.filter(
      (r) => r.to === to.toLowerCase() && (subject === undefined || r.subject === subject),
    );
    const last = mine[mine.length - 1];
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function tokenFrom(text: string): string {
  const match = text.match(/token: ([A-Za-z0-9_-]+)/);
  if (!match?.[1]) throw new Error('no token in mail');
  return match[1];
}

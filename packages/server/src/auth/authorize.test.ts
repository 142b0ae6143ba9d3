import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, type StaffRole } from '../db/schema/index.js';
import { appRouter } from '../root.js';
import { useTestEnv } from '../test/harness.js';
import {
  Browser,
  type CallResult,
  createMerchant,
  createStaff,
  IDENTITY_TEST_ENV,
  issueApiKey,
  PASSWORD,
  type RunningServer,
  signMerchantJwt,
  startServer,
} from '../test/identity.js';
import { createCallerFactory, publicProcedure, router } from '../trpc.js';
import { authorize, procedure } from './authorize.js';
import type { Policy } from './policy.js';

const t = useTestEnv({ ...IDENTITY_TEST_ENV, TRUST_PROXY: 'loopback' });

type ProcedureDef = {
  _def: {
    type: 'query' | 'mutation' | 'subscription';
    meta?: { policy?: Policy };
    middlewares: unknown[];
  };
};
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, ProcedureDef>,
).map(([path, p]) => ({
  path,
  type: p._def.type,
  policy: p._def.meta?.policy,
  // Built on `procedure` (so the authorisation middleware runs), not on `publicProcedure`.
  enforced: authorize._middlewares.every((m) => p._def.middlewares.includes(m)),
}));

const staffProcedures = procedures.flatMap((p) =>
  p.policy?.kind === 'staff' ? [{ ...p, roles: p.policy.roles }] : [],
);

function code(result: CallResult): string | undefined {
  return result.body.error?.data.code;
}

function call(browser: Browser, p: { path: string; type: string }, input: unknown) {
  return p.type === 'query' ? browser.query(p.path, input) : browser.mutation(p.path, input);
}

describe('authorisation policy', () => {
  let server: RunningServer;
  let merchantA = '';
  let merchantB = '';
  const as: Partial<Record<string, Browser>> = {};

  function browserOf(name: string): Browser {
    const browser = as[name];
    if (!browser) throw new Error(`no browser ${name}`);
    return browser;
  }

  async function logIn(name: string, email: string): Promise<void> {
    const browser = new Browser(server.base);
    const res = await browser.mutation('admin.logIn', { email, password: PASSWORD });
    expect(res.status).toBe(200);
    as[name] = browser;
  }

  beforeAll(async () => {
    server = await startServer(t());
    const a = await createMerchant(t());
    const b = await createMerchant(t());
    merchantA = a.merchantId;
    merchantB = b.merchantId;
    await logIn('ownerA', a.ownerEmail);
    await logIn('ownerB', b.ownerEmail);
    await logIn(
      'developerB',
      (await createStaff(t(), { role: 'developer', merchantId: merchantB })).email,
    );
    for (const role of ['admin', 'support', 'finance'] as const) {
      await logIn(role, (await createStaff(t(), { role })).email);
    }
  });
  afterAll(async () => {
    await server.http.close(1_000);
  });

  it('every procedure declares a policy and goes through the authorisation middleware', () => {
    expect(procedures.length).toBeGreaterThan(20);
    const missing = procedures.filter((p) => p.policy === undefined).map((p) => p.path);
    expect(missing).toEqual([]);
    const unenforced = procedures.filter((p) => !p.enforced).map((p) => p.path);
    expect(unenforced).toEqual([]);
    // The check does tell the two apart: a policy on a bypassing builder is caught.
    const bypass = router({
      x: publicProcedure.meta({ policy: { kind: 'public' } }).query(() => 1),
    });
    const x = (bypass._def.procedures as unknown as Record<string, ProcedureDef>).x;
    expect(authorize._middlewares.every((m) => x?._def.middlewares.includes(m))).toBe(false);
    for (const p of staffProcedures) expect(p.roles.length).toBeGreaterThan(0);
  });

  it('a procedure without a policy is refused, not opened', async () => {
    const unguarded = router({ open: procedure.query(() => 'secret') });
    const caller = createCallerFactory(unguarded)({
      requestId: 'req_test',
      logger: t().logger,
      db: t().database.db,
      redis: t().redis,
      principal: { kind: 'anonymous' },
      headers: {},
      config: { idempotencyTtlHours: 24 },
      ip: '127.0.0.1',
      secure: false,
      identity: server.identity,
    });
    await expect(caller.open()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });

  describe.each(staffProcedures)('$path', (p) => {
    it.each(['ownerB', 'developerB'])(
      'is denied to %s when it names another merchant (or none)',
      async (who) => {
        const browser = browserOf(who);
        const other = await call(browser, p, { merchantId: merchantA });
        expect(other.status).toBe(403);
        expect(code(other)).toBe('forbidden');
        const none = await call(browser, p, {});
        expect(code(none)).toBe('forbidden');
      },
    );

    it('lets in exactly the roles its policy names', async () => {
      const own = await call(browserOf('ownerA'), p, { merchantId: merchantA });
      expect(code(own) === 'forbidden').toBe(!p.roles.includes('owner'));
      for (const role of ['admin', 'support', 'finance'] as const satisfies StaffRole[]) {
        const res = await call(browserOf(role), p, { merchantId: merchantA });
        expect({ role, forbidden: code(res) === 'forbidden' }).toEqual({
          role,
          forbidden: !p.roles.includes(role),
        });
      }
    });

    it('is refused without a staff session, to shoppers and to merchant JWTs', async () => {
      const anonymous = new Browser(server.base);
      expect(code(await call(anonymous, p, { merchantId: merchantA }))).toBe('session_required');
      const { secret } = await issueApiKey(t(), { merchantId: merchantA, graceSeconds: 3600 });
      const token = await signMerchantJwt({ secret, merchantId: merchantA });
      const merchant = new Browser(server.base);
      merchant.headers.authorization = `Bearer ${token}`;
      expect(code(await call(merchant, p, { merchantId: merchantA }))).toBe('session_required');
    });
  });

  it('merchant staff read their own merchant; another merchant is never returned', async () => {
    const own = await browserOf('ownerB').query('merchant.get', { merchantId: merchantB });
    expect(own.body.result?.data).toMatchObject({ id: merchantB });
    const listed = await browserOf('developerB').query('merchant.credentials.list', {
      merchantId: merchantB,
    });
    expect(listed.status).toBe(200);
    const me = await browserOf('developerB').query('admin.me');
    expect(me.body.result?.data).toMatchObject({ role: 'developer', merchantId: merchantB });
  });

  it("admin.session answers the staff session's CSRF token, which mutations then accept", async () => {
    const browser = browserOf('admin');
    const session = await browser.query('admin.session');
    const token = (session.body.result?.data as { csrfToken?: string } | undefined)?.csrfToken;
    expect(typeof token).toBe('string');
    const res = await browser.mutation(
      'admin.merchants.setFee',
      { merchantId: merchantA, feeBps: 150 },
      { 'x-csrf-token': token ?? '' },
    );
    expect(res.status).toBe(200);
    expect(code(await new Browser(server.base).query('admin.session'))).toBe('session_required');
  });

  it('staff mutations are CSRF-protected', async () => {
    const browser = browserOf('admin');
    const res = await browser.mutation(
      'admin.merchants.setStatus',
      { merchantId: merchantA, status: 'suspended' },
      { 'x-csrf-token': 'nope' },
    );
    expect(code(res)).toBe('csrf_invalid');
  });

  it('writes an audit row for staff actions: who, what, target, before/after, when, where', async () => {
    const admin = browserOf('admin');
    const { merchantId } = await createMerchant(t());
    const res = await admin.mutation(
      'admin.merchants.setStatus',
      { merchantId, status: 'suspended', reason: 'chargebacks' },
      {
        'user-agent': 'audit-test/1.0',
        // A client-supplied entry before the proxy's own is not believed.
        'x-forwarded-for': `6.6.6.6, ${admin.headers['x-forwarded-for']}`,
      },
    );
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');
    const rows = await t()
      .database.db.select()
      .from(auditLog)
      .where(
        and(eq(auditLog.targetId, merchantId), eq(auditLog.action, 'merchant.status_changed')),
      );
    const staffRow = rows.find((r) => r.actorType === 'staff');
    expect(staffRow).toMatchObject({
      actorType: 'staff',
      action: 'merchant.status_changed',
      targetType: 'merchant',
      merchantId,
      before: { status: 'active' },
      after: { status: 'suspended', reason: 'chargebacks' },
      ip: admin.headers['x-forwarded-for'],
      userAgent: 'audit-test/1.0',
      requestId,
    });
    expect(staffRow?.createdAt).toBeInstanceOf(Date);
    // Append-only in the database itself: no UPDATE or DELETE, whoever asks.
    const db = t().database.db;
    const refused = { cause: expect.objectContaining({ message: 'audit_log is append-only' }) };
    await expect(
      db.update(auditLog).set({ action: 'tampered' }).where(eq(auditLog.targetId, merchantId)),
    ).rejects.toMatchObject(refused);
    await expect(
      db.delete(auditLog).where(eq(auditLog.targetId, merchantId)),
    ).rejects.toMatchObject(refused);
    expect(
      await db.select().from(auditLog).where(eq(auditLog.action, 'merchant.status_changed')),
    ).not.toHaveLength(0);

    // Owner issues a key: audited with the merchant, never with the secret.
    const owner = browserOf('ownerA');
    const issued = await owner.mutation('merchant.credentials.issue', {
      merchantId: merchantA,
      kind: 'webhook_secret',
      mode: 'test',
    });
    expect(issued.status).toBe(200);
    const { secret, credential } = (issued.body.result?.data ?? {}) as {
      secret: string;
      credential: { id: string };
    };
    expect(secret).toMatch(/^dwhsec_test_/);
    const [keyRow] = await t()
      .database.db.select()
      .from(auditLog)
      .where(eq(auditLog.targetId, credential.id));
    expect(keyRow).toMatchObject({ action: 'merchant.credential_created', merchantId: merchantA });
    expect(JSON.stringify(keyRow)).not.toContain(secret);

    // A staff action without an audit row of its own still gets the generic one.
    const support = browserOf('support');
    const staffId = (
      (await support.query('admin.me')).body.result?.data as { id: string } | undefined
    )?.id;
    expect((await support.mutation('admin.logOut')).status).toBe(200);
    const generic = await t()
      .database.db.select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, staffId ?? ''), eq(auditLog.action, 'admin.logOut')));
    expect(generic).toHaveLength(1);
    // And the admin can read the trail.
    const trail = await admin.query('admin.audit', { merchantId });
    expect(
      ((trail.body.result?.data as { items: { action: string }[] } | undefined)?.items ?? []).map(
        (r) => r.action,
      ),
    ).toContain('merchant.status_changed');
  });
});

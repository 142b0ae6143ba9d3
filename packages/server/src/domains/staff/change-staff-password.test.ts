import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.js';
import { useTestEnv } from '../../test/harness.js';
import {
  Browser,
  createStaff,
  IDENTITY_TEST_ENV,
  PASSWORD,
  type RunningServer,
  startServer,
} from '../../test/identity.js';

const t = useTestEnv({ ...IDENTITY_TEST_ENV, TRUST_PROXY: 'loopback' });
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(t());
});
afterAll(async () => {
  await server.http.close(1_000);
});

const NEW_PASSWORD = 'a brand new staff passphrase';

async function loggedIn(email: string, password = PASSWORD): Promise<Browser> {
  const browser = new Browser(server.base);
  const res = await browser.mutation('admin.logIn', { email, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return browser;
}

describe('staff password change', () => {
  it('needs the current password, ends every other session, and is audited without secrets', async () => {
    const { id, email } = await createStaff(t(), { role: 'support' });
    const here = await loggedIn(email);
    const elsewhere = await loggedIn(email);

    const wrong = await here.mutation('admin.changePassword', {
      currentPassword: 'not my password',
      password: NEW_PASSWORD,
    });
    expect(wrong.body.error?.data).toMatchObject({
      code: 'invalid_credentials',
      field: 'currentPassword',
    });
    const weak = await here.mutation('admin.changePassword', {
      currentPassword: PASSWORD,
      password: 'short',
    });
    expect(weak.body.error?.data.code).toBe('validation_failed');
    // Nothing changed by the refusals: the other session still works.
    expect((await elsewhere.query('admin.me')).status).toBe(200);

    const changed = await here.mutation('admin.changePassword', {
      currentPassword: PASSWORD,
      password: NEW_PASSWORD,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    // This browser got a fresh session; the other one is logged out.
    expect((await here.query('admin.me')).body.result?.data).toMatchObject({ id });
    expect((await elsewhere.query('admin.me')).body.error?.data.code).toBe('session_required');

    const old = await new Browser(server.base).mutation('admin.logIn', {
      email,
      password: PASSWORD,
    });
    expect(old.body.error?.data.code).toBe('invalid_credentials');
    await loggedIn(email, NEW_PASSWORD);

    const rows = await t().database.db.select().from(auditLog).where(eq(auditLog.actorId, id));
    const changes = rows.filter((r) => r.action === 'staff.password_changed');
    expect(changes).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(NEW_PASSWORD);
    // The specific row, not the generic one the authorisation layer adds otherwise.
    expect(rows.some((r) => r.action === 'admin.changePassword')).toBe(false);
  });

  it('is refused without a staff session or without the CSRF token', async () => {
    const anonymous = new Browser(server.base);
    const res = await anonymous.mutation('admin.changePassword', {
      currentPassword: PASSWORD,
      password: NEW_PASSWORD,
    });
    expect(res.body.error?.data.code).toBe('session_required');
    const { email } = await createStaff(t(), { role: 'finance' });
    const browser = await loggedIn(email);
    const noCsrf = await browser.mutation(
      'admin.changePassword',
      { currentPassword: PASSWORD, password: NEW_PASSWORD },
      { 'x-csrf-token': '' },
    );
    expect(noCsrf.body.error?.data.code).toBe('csrf_invalid');
  });
});

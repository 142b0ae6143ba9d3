import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../app.js';
import { auditLog, orderHistory, orders } from '../db/schema/index.js';
import { useTestEnv } from './harness.js';
import { Browser, createStaff, PASSWORD } from './identity.js';
import { waitUntil } from './payments.js';

const t = useTestEnv({
  SCRYPT_COST: '1024',
  // An API-only process: no timers, so only the runs this test asks for happen.
  PROCESS_ROLE: 'api',
  // Under a day, which ORDER_ARCHIVE_AFTER_DAYS cannot say.
  ORDER_ARCHIVE_AFTER_MINUTES: '2',
  JOB_INTERVALS: 'archive-orders=off,check-stuck=120',
});

type JobRow = {
  name: string;
  everyMs: number | null;
  lastRun: {
    trigger: string;
    by: string | null;
    durationMs: number;
    outcome: string;
    result: string | null;
    error: string | null;
  } | null;
  running: unknown;
};

let app: App;
let base: string;

async function loggedIn(role: 'admin' | 'support') {
  const staff = await createStaff(t(), { role });
  const browser = new Browser(base);
  expect(
    (await browser.mutation('admin.logIn', { email: staff.email, password: PASSWORD })).status,
  ).toBe(200);
  return { browser, staffId: staff.id };
}

async function insertFinalOrder(id: string, finalMinutesAgo: number) {
  const at = new Date(Date.now() - finalMinutesAgo * 60_000);
  await t().database.pool.query(
    `INSERT INTO orders (id, merchant_id, mode, reference, amount, currency, return_url, cancel_url,
       status, expires_at, created_at, updated_at, final_at)
     VALUES (?, 'mch_jobs', 'test', ?, 1000, 'EUR', 'https://s.example/r', 'https://s.example/c',
       'timeout', ?, ?, ?, ?)`,
    [id, `ref-${id}`, at, at, at, at],
  );
}

beforeAll(async () => {
  app = createApp({ env: t().env, logger: t().logger });
  const address = await app.start();
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app?.stop();
});

describe('background jobs in the admin portal', () => {
  it('an admin runs archive-orders now: audited, the order archived, its last run, duration and outcome listed', async () => {
    await insertFinalOrder('ord_jobsold', 5);
    await insertFinalOrder('ord_jobsnew', 0);
    const { browser, staffId } = await loggedIn('admin');
    const before = await browser.query('admin.jobs.list');
    const jobs = before.body.result?.data as JobRow[];
    expect(jobs.map((j) => j.name)).toContain('reconcile-daily');
    expect(jobs.find((j) => j.name === 'archive-orders')).toMatchObject({
      everyMs: null,
      lastRun: null,
    });
    expect(jobs.find((j) => j.name === 'check-stuck')?.everyMs).toBe(120_000);

    const ran = await browser.mutation('admin.jobs.run', { name: 'archive-orders' });
    expect(ran.status).toBe(200);
    const listed = await waitUntil(
      async () =>
        (((await browser.query('admin.jobs.list')).body.result?.data ?? []) as JobRow[]).find(
          (j) => j.name === 'archive-orders',
        ),
      (j) => j?.lastRun !== null,
      10_000,
    );
    expect(listed?.lastRun).toMatchObject({
      trigger: 'manual',
      by: staffId,
      outcome: 'succeeded',
      result: '1',
      error: null,
    });
    expect(listed?.lastRun?.durationMs).toBeGreaterThanOrEqual(0);
    expect(listed?.running).toBeNull();
    // Five minutes final is past the two-minute age; the one final just now stays live.
    const db = t().database.db;
    expect(await db.select().from(orders).where(eq(orders.id, 'ord_jobsold'))).toEqual([]);
    expect(
      await db.select().from(orderHistory).where(eq(orderHistory.id, 'ord_jobsold')),
    ).toHaveLength(1);
    expect(await db.select().from(orders).where(eq(orders.id, 'ord_jobsnew'))).toHaveLength(1);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'job.run'));
    expect(audit).toEqual([
      expect.objectContaining({
        actorType: 'staff',
        actorId: staffId,
        targetType: 'job',
        targetId: 'archive-orders',
      }),
    ]);
  });

  it('a failing run is listed as failed with its error', async () => {
    const { browser } = await loggedIn('admin');
    // The daily reconciliation fails when its tables are gone; nothing else depends on them here.
    await t().database.pool.query('RENAME TABLE recon_runs TO recon_runs_away');
    try {
      expect((await browser.mutation('admin.jobs.run', { name: 'reconcile-daily' })).status).toBe(
        200,
      );
      const listed = await waitUntil(
        async () =>
          (((await browser.query('admin.jobs.list')).body.result?.data ?? []) as JobRow[]).find(
            (j) => j.name === 'reconcile-daily',
          ),
        (j) => j?.lastRun !== null,
        10_000,
      );
      expect(listed?.lastRun?.outcome).toBe('failed');
      expect(listed?.lastRun?.error).toContain('recon_runs');
    } finally {
      await t().database.pool.query('RENAME TABLE recon_runs_away TO recon_runs');
    }
  });

  it('support may look but not run; an unknown job is a typed error; nothing is audited for either', async () => {
    const { browser } = await loggedIn('support');
    expect((await browser.query('admin.jobs.list')).status).toBe(200);
    const refused = await browser.mutation('admin.jobs.run', { name: 'archive-orders' });
    expect(refused.status).toBe(403);
    const admin = await loggedIn('admin');
    const unknown = await admin.browser.mutation('admin.jobs.run', { name: 'make-coffee' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.data.code).toBe('job_unknown');
    const bad = await admin.browser.mutation('admin.jobs.run', { name: 'DROP TABLE' });
    expect(bad.status).toBe(400);
    const audit = await t()
      .database.db.select()
      .from(auditLog)
      .where(eq(auditLog.action, 'job.run'));
    expect(audit.map((a) => a.targetId)).toEqual(['archive-orders', 'reconcile-daily']);
  });
});

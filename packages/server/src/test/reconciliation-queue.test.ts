import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  ledgerTransfers,
  merchants,
  reconSettlementLines,
  staffUsers,
} from '../db/schema/index.js';
import { verifyIpnSignature } from '../domains/ipn/sign-ipn.js';
import { getBalance, verifyLedger } from '../domains/ledger/index.js';
import type { MerchantReport } from '../domains/reconciliation/build-merchant-report.js';
import { notifyStakeholders } from '../domains/reconciliation/notify-stakeholders.js';
import { reconDepsFrom } from '../domains/reconciliation/recon-deps.js';
import { runReconciliation } from '../domains/reconciliation/run-reconciliation.js';
import { createMailer } from '../infra/mailer.js';
import { reconcileDaily } from '../jobs/reconcile-daily.js';
import { useTestEnv } from './harness.js';
import { Browser, createStaff, PASSWORD } from './identity.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  startPaymentServer,
  type TestMerchant,
} from './payments.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let merchant: TestMerchant;
let merchantAccount: string;
let differenceId: string;
const start = new Date(Date.now() - 3_600_000);
const end = new Date(Date.now() + 3_600_000);

type Received = { to: string[]; raw: string };
const received: Received[] = [];
let smtp: SMTPServer;
let smtpPort: number;

function data<T>(result: { status: number; body: { result?: { data: unknown } } }): T {
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.result?.data as T;
}

async function financeBrowser(role: 'finance' | 'support' = 'finance') {
  const staff = await createStaff(t(), { role });
  const browser = new Browser(server.base);
  const login = await browser.mutation('admin.logIn', { email: staff.email, password: PASSWORD });
  expect(login.status).toBe(200);
  return { browser, staffId: staff.id };
}

beforeAll(async () => {
  server = await startPaymentServer(t());
  merchant = await paymentMerchant(t(), server.base);
  merchantAccount = await server.services.accounts.merchantBalance(
    merchant.merchantId,
    'EUR',
    'test',
  );
  const shopper = await paymentShopper(t(), server, 100_000);
  for (const amount of [1_200, 3_400, 5_600]) {
    const created = data<{ checkout: { token: string } }>(
      await merchant.call('mutation', 'orders.create', orderInput({ amount })),
    );
    const paid = await shopper.browser.mutation('checkout.payWithWallet', {
      token: created.checkout.token,
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  }
  // An order marked paid whose payment never reached the ledger.
  await t().database.pool.query(
    `INSERT INTO orders (id, merchant_id, mode, reference, amount, currency, return_url, cancel_url,
       status, expires_at, payment_method, captured_amount, created_at, updated_at)
     VALUES ('ord_qnoledger', ?, 'test', 'ref-q1', 700, 'EUR', 'https://s.example/r', 'https://s.example/c',
       'checkout_success', NOW(3), 'wallet', 700, NOW(3), NOW(3))`,
    [merchant.merchantId],
  );
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          // Undo quoted-printable soft line breaks so the text reads as sent.
          raw: Buffer.concat(chunks).toString('utf8').replaceAll('=\r\n', ''),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('a merchant-scoped run over real checkouts', () => {
  it('matches the wallet payments and finds the order missing in the ledger', async () => {
    const { run } = await runReconciliation({
      deps: reconDepsFrom(server.services, t().database.pool),
      scope: { from: start, to: end, merchantId: merchant.merchantId },
      origin: 'manual',
    });
    expect(run.counts).toEqual({ matched: 3, missing_in_ledger: 1 });
    expect(run.ledgerOk).toBe(true);
  });

  it('mails the new difference to the stakeholders through SMTP, once', async () => {
    const mailer = createMailer({
      db: t().database.db,
      logger: t().logger,
      from: 'Ducat <no-reply@ducat.test>',
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    });
    const sent = await notifyStakeholders({
      db: t().database.db,
      mailer,
      logger: t().logger,
      recipients: ['finance@ducat.test'],
    });
    expect(sent).toEqual({ items: 1, recipients: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toEqual(['finance@ducat.test']);
    expect(received[0]?.raw).toContain('missing in ledger: payment ord_qnoledger');
    expect(received[0]?.raw).toMatch(/Subject: Ducat: 1 difference need/);
    const again = await notifyStakeholders({
      db: t().database.db,
      mailer,
      logger: t().logger,
      recipients: ['finance@ducat.test'],
    });
    expect(again.items).toBe(0);
    expect(received).toHaveLength(1);
  });
});

describe('the finance queue', () => {
  it('support may read the queue but not resolve', async () => {
    const { browser } = await financeBrowser('support');
    const listed = data<{ items: { id: string; category: string }[] }>(
      await browser.query('admin.recon.differences.list', { status: 'open' }),
    );
    expect(listed.items.map((d) => d.category)).toEqual(['missing_in_ledger']);
    differenceId = listed.items[0]?.id ?? '';
    const refused = await browser.mutation('admin.recon.differences.resolve', {
      differenceId,
      resolution: { action: 'explained', note: 'not mine to say' },
    });
    expect(refused.status).toBe(403);
  });

  it('refuses a bad resolution with a stable code and changes nothing', async () => {
    const { browser } = await financeBrowser();
    const before = await getBalance({ db: t().database.db, accountId: merchantAccount });
    const bad = await browser.mutation('admin.recon.differences.resolve', {
      differenceId,
      resolution: {
        action: 'adjustment',
        account: 'merchant',
        direction: 'credit',
        amount: -5,
        reason: 'x',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data.code).toBe('validation_failed');
    expect((await getBalance({ db: t().database.db, accountId: merchantAccount })).balance).toBe(
      before.balance,
    );
  });

  it('assign, comment, resolve by an adjustment through suspense: the money moves once, audited, and the ledger balances', async () => {
    const { browser, staffId } = await financeBrowser();
    const before = await getBalance({ db: t().database.db, accountId: merchantAccount });
    data(
      await browser.mutation('admin.recon.differences.assign', {
        differenceId,
        assigneeId: staffId,
      }),
    );
    data(
      await browser.mutation('admin.recon.differences.comment', {
        differenceId,
        body: 'The wallet charge was lost in the outage of the 3rd.',
      }),
    );
    const resolution = {
      action: 'adjustment',
      account: 'merchant',
      direction: 'credit',
      amount: 700,
      reason: 'credit the merchant the lost wallet payment',
    };
    const resolved = data<{ status: string; resolution: string; adjustmentTransferId: string }>(
      await browser.mutation('admin.recon.differences.resolve', { differenceId, resolution }),
    );
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'adjustment' });
    const again = await browser.mutation('admin.recon.differences.resolve', {
      differenceId,
      resolution,
    });
    expect(again.body.error?.data.code).toBe('recon_difference_resolved');

    const [transfer] = await t()
      .database.db.select()
      .from(ledgerTransfers)
      .where(eq(ledgerTransfers.id, resolved.adjustmentTransferId));
    const suspense = await server.services.accounts.platform('suspense', 'EUR', 'test');
    expect(transfer).toMatchObject({
      kind: 'adjustment',
      amount: 700,
      debitAccountId: suspense,
      creditAccountId: merchantAccount,
      status: 'posted',
    });
    expect((await getBalance({ db: t().database.db, accountId: merchantAccount })).balance).toBe(
      before.balance + 700,
    );
    const audit = await t()
      .database.db.select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, differenceId), eq(auditLog.actorId, staffId)));
    expect(audit.map((a) => a.action).sort()).toEqual([
      'recon.difference.assign',
      'recon.difference.comment',
      'recon.difference.resolve',
    ]);
    expect((await verifyLedger({ pool: t().database.pool })).ok).toBe(true);

    const detail = data<{
      comments: { body: string }[];
      assigneeId: string;
      assigneeName: string | null;
      merchantName: string | null;
    }>(await browser.query('admin.recon.differences.get', { differenceId }));
    expect(detail.assigneeId).toBe(staffId);
    // Names, not ids: the assignee's and the merchant's.
    const [staff] = await t()
      .database.db.select({ name: staffUsers.name, email: staffUsers.email })
      .from(staffUsers)
      .where(eq(staffUsers.id, staffId));
    const [named] = await t()
      .database.db.select({ business: merchants.businessName, display: merchants.displayName })
      .from(merchants)
      .where(eq(merchants.id, merchant.merchantId));
    expect(detail.assigneeName).toBe(staff?.name ?? staff?.email);
    expect(detail.merchantName).toBe(named?.display ?? named?.business);
    const queue = data<{ items: { id: string; assigneeName: string | null }[] }>(
      await browser.query('admin.recon.differences.list', {}),
    );
    expect(queue.items.find((d) => d.id === differenceId)?.assigneeName).toBe(
      staff?.name ?? staff?.email,
    );
    expect(detail.comments.map((c) => c.body)).toEqual([
      'The wallet charge was lost in the outage of the 3rd.',
    ]);
  });

  it('reopens, then resolves as explained, without moving money', async () => {
    const { browser } = await financeBrowser();
    const before = await getBalance({ db: t().database.db, accountId: merchantAccount });
    const reopened = data<{ status: string }>(
      await browser.mutation('admin.recon.differences.reopen', {
        differenceId,
        reason: 'double-check',
      }),
    );
    expect(reopened.status).toBe('open');
    const explained = data<{ resolution: string; resolutionNote: string }>(
      await browser.mutation('admin.recon.differences.resolve', {
        differenceId,
        resolution: { action: 'explained', note: 'adjusted in the first resolution' },
      }),
    );
    expect(explained).toMatchObject({ resolution: 'explained' });
    expect((await getBalance({ db: t().database.db, accountId: merchantAccount })).balance).toBe(
      before.balance,
    );
  });

  it('imports an uploaded settlement CSV once, and refuses a bad one whole', async () => {
    const { browser } = await financeBrowser();
    const csv = [
      'provider_ref,reference,type,amount,currency,fee,settled_at',
      'acme_1,pp_acme1,payment,1000,EUR,30,2026-11-20T10:00:00Z',
      'acme_2,rfd_acme2,refund,400,EUR,0,2026-11-20T11:00:00Z',
    ].join('\n');
    const first = data<{ lines: number; inserted: number }>(
      await browser.mutation('admin.recon.settlements.upload', { provider: 'acme', csv }),
    );
    expect(first).toMatchObject({ lines: 2, inserted: 2 });
    const second = data<{ inserted: number }>(
      await browser.mutation('admin.recon.settlements.upload', { provider: 'acme', csv }),
    );
    expect(second.inserted).toBe(0);
    const bad = await browser.mutation('admin.recon.settlements.upload', {
      provider: 'acme',
      csv: `${csv.replace('acme_2', 'acme_3').replace('acme_1', 'acme_4')}\nacme_5,pp_x,payment,abc,EUR,0,2026-11-20T12:00:00Z`,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data).toMatchObject({
      code: 'settlement_file_invalid',
      details: { line: 4 },
    });
    const stored = await t()
      .database.db.select()
      .from(reconSettlementLines)
      .where(eq(reconSettlementLines.provider, 'acme'));
    expect(stored.map((l) => l.providerRef).sort()).toEqual(['acme_1', 'acme_2']);
  });
});

describe('the merchant report', () => {
  async function fetchReport(format: 'json' | 'csv') {
    const jwt = await merchant.jwt();
    const query = new URLSearchParams({ from: start.toISOString(), to: end.toISOString(), format });
    const response = await fetch(`${server.base}/v1/reports?${query}`, {
      headers: { authorization: `Bearer ${jwt}` },
    });
    const body = await response.text();
    expect(response.status, body).toBe(200);
    return { body, signature: response.headers.get('ducat-signature') ?? undefined, response };
  }

  it('verifies with the webhook secret and its totals equal the ledger movements', async () => {
    const { body, signature } = await fetchReport('json');
    expect(
      verifyIpnSignature({ header: signature, body, secrets: [merchant.webhookSecret] }),
    ).toMatchObject({ ok: true });
    expect(
      verifyIpnSignature({ header: signature, body: `${body} `, secrets: [merchant.webhookSecret] })
        .ok,
    ).toBe(false);
    const report = JSON.parse(body) as MerchantReport;
    const balance = await getBalance({ db: t().database.db, accountId: merchantAccount });
    expect(report.totals).toHaveLength(1);
    const eur = report.totals[0];
    expect(eur).toMatchObject({
      currency: 'EUR',
      minorUnits: 2,
      opening: 0,
      closing: balance.balance,
      net: balance.balance,
      lines: 4,
      byKind: { payment: 1_200 + 3_400 + 5_600, adjustment: 700 },
    });
    expect(report.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(eur?.net);
    expect(report.differences.map((d) => d.subjectId)).toEqual(['ord_qnoledger']);
  });

  it('comes as signed CSV too, one line per movement', async () => {
    const { body, signature, response } = await fetchReport('csv');
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(
      verifyIpnSignature({ header: signature, body, secrets: [merchant.webhookSecret] }).ok,
    ).toBe(true);
    const [header, ...rows] = body.trim().split('\n');
    expect(header).toBe('transfer_id,kind,reference,amount,currency,balance_after,created_at');
    expect(rows.map((r) => Number(r.split(',')[3])).reduce((a, b) => a + b, 0)).toBe(
      1_200 + 3_400 + 5_600 + 700,
    );
  });

  it('is refused for a period longer than 31 days, and without a JWT', async () => {
    const jwt = await merchant.jwt();
    const query = new URLSearchParams({
      from: '2026-01-01T00:00:00Z',
      to: '2026-03-01T00:00:00Z',
    });
    const long = await fetch(`${server.base}/v1/reports?${query}`, {
      headers: { authorization: `Bearer ${jwt}` },
    });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { code: string } }).error.code).toBe(
      'report_period_invalid',
    );
    expect((await fetch(`${server.base}/v1/reports?${query}`)).status).toBe(401);
  });
});

describe('runs of one scope', () => {
  it('two started at once: one works, the other gets the same run back', async () => {
    const deps = reconDepsFrom(server.services, t().database.pool);
    const scope = { from: start, to: new Date(end.getTime() + 1), merchantId: merchant.merchantId };
    const [a, b] = await Promise.all([
      runReconciliation({ deps, scope, origin: 'manual' }),
      runReconciliation({ deps, scope, origin: 'manual' }),
    ]);
    expect([a.alreadyRunning, b.alreadyRunning].sort()).toEqual([false, true]);
    expect(a.run.id).toBe(b.run.id);
    const [rows] = await t().database.pool.query(
      'SELECT COUNT(*) AS n FROM recon_runs WHERE merchant_id = ? AND period_to = ?',
      [merchant.merchantId, scope.to],
    );
    expect((rows as { n: number }[])[0]?.n).toBe(1);
  });

  it('the daily job reconciles yesterday once per day, platform-wide', async () => {
    const first = await reconcileDaily({
      services: server.services,
      pool: t().database.pool,
      lookbackDays: 2,
    });
    const day = (back: number) =>
      new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
    expect(first.reconciled).toEqual([day(1), day(2)]);
    const again = await reconcileDaily({
      services: server.services,
      pool: t().database.pool,
      lookbackDays: 2,
    });
    expect(again.reconciled).toEqual([]);
  });
});

describe('runs over the admin API', () => {
  it('finance starts a merchant run, reads its progress until it completes; a reversed period is refused', async () => {
    const { browser } = await financeBrowser();
    const started = data<{ run: { id: string }; alreadyRunning: boolean }>(
      await browser.mutation('admin.recon.runs.start', {
        from: start.toISOString(),
        to: new Date(end.getTime() + 2).toISOString(),
        merchantId: merchant.merchantId,
      }),
    );
    expect(started.alreadyRunning).toBe(false);
    let run = {
      status: 'running',
      counts: {},
      ledgerOk: null as boolean | null,
      totalLines: 0,
      processedLines: 0,
    };
    for (let i = 0; i < 100 && run.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = data(await browser.query('admin.recon.runs.get', { runId: started.run.id }));
    }
    expect(run).toMatchObject({
      status: 'completed',
      ledgerOk: true,
      counts: { matched: 3, missing_in_ledger: 1 },
    });
    expect(run.processedLines).toBe(run.totalLines);
    const reversed = await browser.mutation('admin.recon.runs.start', {
      from: end.toISOString(),
      to: start.toISOString(),
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error?.data.code).toBe('validation_failed');
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client.js';
import {
  auditLog,
  ipnAttempts,
  ipnDeliveries,
  type Mode,
  merchantCredentials,
} from '../../db/schema/index.js';
import { DELIVER_IPNS_JOB, deliverIpnsJob } from '../../jobs/deliver-ipns.js';
import { createScheduler } from '../../jobs/scheduler.js';
import { closedPort, useTestEnv } from '../../test/harness.js';
import {
  Browser,
  type CallResult,
  createMerchant,
  createStaff,
  IDENTITY_TEST_ENV,
  identityFor,
  PASSWORD,
  type RunningServer,
  SYSTEM,
  startServer,
} from '../../test/identity.js';
import { issueMerchantCredential } from '../merchants/issue-merchant-credential.js';
import { type DeliverDueIpnsOptions, deliverDueIpns } from './deliver-due-ipns.js';
import { enqueueIpn, type IpnBody } from './enqueue-ipn.js';
import { resendIpn } from './resend-ipn.js';
import { verifyIpnSignature } from './sign-ipn.js';

const t = useTestEnv({ ...IDENTITY_TEST_ENV, TRUST_PROXY: 'loopback' });

type Received = { headers: IncomingHttpHeaders; body: string; at: number };
type Answer = { status: number; body?: string; delayMs?: number } | 'hang';

/** A merchant's IPN endpoint on an ephemeral port: answers as told and records every request. */
type Receiver = {
  url: string;
  port: number;
  received: Received[];
  answer: (n: number) => Answer;
  close(): Promise<void>;
};

const receivers: Receiver[] = [];

async function startReceiver(answer: (n: number) => Answer, port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: '',
    port: 0,
    received,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const reply = receiver.answer(received.length);
      if (reply === 'hang') return;
      setTimeout(() => res.writeHead(reply.status).end(reply.body ?? ''), reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/ipn`;
  receivers.push(receiver);
  return receiver;
}

/** The items of a list call; a refused call fails the test here rather than listing nothing. */
function itemsOf<T>(res: CallResult): T[] {
  const data = res.body.result?.data as { items: T[] } | undefined;
  if (!data) throw new Error(`call failed: ${JSON.stringify(res.body.error)}`);
  return data.items;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function webhookSecret(merchantId: string, mode: Mode = 'test', graceSeconds = 3_600) {
  const issued = await t().database.db.transaction((tx) =>
    issueMerchantCredential({
      tx,
      actor: SYSTEM,
      masterKey: identityFor(t()).config.masterKey,
      merchantId,
      kind: 'webhook_secret',
      mode,
      graceSeconds,
    }),
  );
  return issued.secret;
}

/** A merchant with a test-mode webhook secret. */
async function merchantWithSecret(): Promise<{ merchantId: string; secret: string }> {
  const { merchantId } = await createMerchant(t());
  return { merchantId, secret: await webhookSecret(merchantId) };
}

let orderCounter = 0;

async function enqueue(options: {
  merchantId: string;
  url: string;
  retryWindowMs?: number;
  orderId?: string;
  seq?: number;
  type?: string;
}): Promise<{ deliveryId: string; eventId: string; orderId: string }> {
  const orderId = options.orderId ?? `ord_test${++orderCounter}`;
  const ids = await t().database.db.transaction((tx) =>
    enqueueIpn({
      tx,
      merchantId: options.merchantId,
      mode: 'test',
      orderId,
      seq: options.seq ?? 1,
      type: options.type ?? 'order.checkout_success',
      order: { id: orderId, status: 'checkout_success', amount: 1_250, currency: 'EUR' },
      url: options.url,
      retryWindowMs: options.retryWindowMs ?? 72 * 3_600_000,
    }),
  );
  return { ...ids, orderId };
}

function workerOptions(overrides: Partial<DeliverDueIpnsOptions> = {}): DeliverDueIpnsOptions {
  return {
    db: t().database.db,
    masterKey: identityFor(t()).config.masterKey,
    logger: t().logger,
    timeoutMs: 2_000,
    concurrency: 4,
    // The test receivers listen on 127.0.0.1.
    allowPrivateNetworks: true,
    baseDelayMs: 20,
    maxDelayMs: 400,
    ...overrides,
  };
}

/** Runs the worker step over and over until `done` holds (as the 1 s job would, faster). */
async function pump(
  done: () => Promise<boolean>,
  overrides: Partial<DeliverDueIpnsOptions> = {},
  deadlineMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('pump: condition not reached in time');
    await deliverDueIpns(workerOptions(overrides));
    await sleep(5);
  }
}

async function deliveryRow(id: string) {
  const [row] = await t().database.db.select().from(ipnDeliveries).where(eq(ipnDeliveries.id, id));
  if (!row) throw new Error(`no delivery ${id}`);
  return row;
}

async function attemptsOf(id: string) {
  return t()
    .database.db.select()
    .from(ipnAttempts)
    .where(eq(ipnAttempts.deliveryId, id))
    .orderBy(asc(ipnAttempts.id));
}

afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
  // Each test's leftovers must not be posted by the next test's worker runs.
  await t()
    .database.db.update(ipnDeliveries)
    .set({ status: 'failed' })
    .where(eq(ipnDeliveries.status, 'pending'));
});

describe('enqueueIpn', () => {
  it('writes nothing when the caller’s transaction rolls back', async () => {
    const { merchantId } = await merchantWithSecret();
    const orderId = 'ord_rolledback';
    await expect(
      t().database.db.transaction(async (tx) => {
        await enqueueIpn({
          tx,
          merchantId,
          mode: 'test',
          orderId,
          seq: 1,
          type: 'order.timeout',
          order: { id: orderId },
          url: 'http://127.0.0.1:9/ipn',
          retryWindowMs: 60_000,
        });
        throw new Error('order update failed');
      }),
    ).rejects.toThrow('order update failed');
    const rows = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.orderId, orderId));
    expect(rows).toEqual([]);
  });

  it('refuses types outside order.*, refund.*, payout.* and non-http URLs', async () => {
    const { merchantId } = await merchantWithSecret();
    const base = {
      merchantId,
      mode: 'test' as const,
      orderId: 'ord_bad',
      seq: 1,
      order: {},
      retryWindowMs: 60_000,
    };
    await expect(
      t().database.db.transaction((tx) =>
        enqueueIpn({ tx, ...base, type: 'merchant.updated', url: 'https://x.example/ipn' }),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed', field: 'type' });
    await expect(
      t().database.db.transaction((tx) =>
        enqueueIpn({ tx, ...base, type: 'payout.paid', url: 'ftp://x.example/ipn' }),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed', field: 'url' });
  });
});

describe('deliverDueIpns', () => {
  it('delivers once, signed at send time with every valid secret (both verify during rotation)', async () => {
    const { merchantId } = await createMerchant(t());
    const receiver = await startReceiver(() => ({ status: 200, body: 'ok' }));
    const { deliveryId, eventId, orderId } = await enqueue({
      merchantId,
      url: receiver.url,
      seq: 3,
    });
    // Secrets issued after the enqueue: signing happens at send time, with what is valid then.
    const oldSecret = await webhookSecret(merchantId);
    const newSecret = await webhookSecret(merchantId);

    const result = await deliverDueIpns(workerOptions());
    expect(result.delivered).toBeGreaterThanOrEqual(1);
    await deliverDueIpns(workerOptions());
    expect(receiver.received).toHaveLength(1);

    const [request] = receiver.received;
    if (!request) throw new Error('nothing received');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toBe('Ducat-IPN/1');
    expect(request.headers['ducat-event-id']).toBe(eventId);
    const header = String(request.headers['ducat-signature']);
    expect(header.match(/v1=/g)).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(verifyIpnSignature({ header, body: request.body, secrets: [secret] }).ok).toBe(true);
    }
    expect(verifyIpnSignature({ header, body: request.body, secrets: ['wrong'] }).ok).toBe(false);

    const body = JSON.parse(request.body) as IpnBody;
    expect(body).toEqual({
      id: eventId,
      type: 'order.checkout_success',
      created: expect.any(Number),
      livemode: false,
      seq: 3,
      data: {
        order: { id: orderId, status: 'checkout_success', amount: 1_250, currency: 'EUR' },
      },
    });
    expect(Math.abs(body.created - Date.now() / 1000)).toBeLessThan(60);

    const row = await deliveryRow(deliveryId);
    expect(row).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      lockedUntil: null,
      claimToken: null,
    });
    expect(row.deliveredAt).toBeInstanceOf(Date);
    const attempts = await attemptsOf(deliveryId);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ trigger: 'schedule', statusCode: 200, error: null });
    expect(attempts[0]?.responseExcerpt).toBe('ok');
  });

  it('retries a refused connection and 500s with growing delays, then delivers once it is back', async () => {
    const { merchantId, secret } = await merchantWithSecret();
    const port = await closedPort();
    const { deliveryId } = await enqueue({
      merchantId,
      url: `http://127.0.0.1:${port}/ipn`,
    });
    // random() near 1: each delay is its ceiling (20, 40, 80, … ms), so growth is visible.
    const options = { random: () => 0.999 };
    await pump(async () => (await deliveryRow(deliveryId)).attempts >= 3, options);
    const down = await attemptsOf(deliveryId);
    expect(down.every((a) => a.statusCode === null && /ECONNREFUSED/.test(a.error ?? ''))).toBe(
      true,
    );

    // Back, but failing twice before it recovers.
    const receiver = await startReceiver(
      (n) => (n <= 2 ? { status: 500, body: 'x'.repeat(5_000) } : { status: 204 }),
      port,
    );
    await pump(async () => (await deliveryRow(deliveryId)).status === 'delivered', options);

    const attempts = await attemptsOf(deliveryId);
    const row = await deliveryRow(deliveryId);
    expect(row.attempts).toBe(attempts.length);
    expect(attempts.slice(-3).map((a) => a.statusCode)).toEqual([500, 500, 204]);
    expect(attempts.at(-2)?.responseExcerpt).toHaveLength(1_000);
    expect(attempts.at(-2)?.error).toBe('http_500');
    expect(receiver.received).toHaveLength(3);
    for (const request of receiver.received) {
      const header = String(request.headers['ducat-signature']);
      expect(verifyIpnSignature({ header, body: request.body, secrets: [secret] }).ok).toBe(true);
    }
    // Each gap is at least the backoff of its attempt: 20 * 2^(n-1) ms (minus the jitter's 0.1%).
    const times = attempts.map((a) => a.attemptedAt.getTime());
    for (let n = 1; n < times.length; n++) {
      const gap = (times[n] ?? 0) - (times[n - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(Math.floor(Math.min(400, 20 * 2 ** (n - 1)) * 0.999) - 1);
    }
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(20 + 40 + 80 + 160 - 5);
    // Acknowledged: nothing more is sent.
    await deliverDueIpns(workerOptions());
    expect(receiver.received).toHaveLength(3);
  });

  it('gives up after the retry window; a manual resend still delivers a failed IPN', async () => {
    const { merchantId } = await merchantWithSecret();
    let status = 503;
    const receiver = await startReceiver(() => ({ status }));
    const { deliveryId } = await enqueue({ merchantId, url: receiver.url, retryWindowMs: 400 });
    await pump(async () => (await deliveryRow(deliveryId)).status !== 'pending', {
      baseDelayMs: 50,
    });
    const row = await deliveryRow(deliveryId);
    expect(row.status).toBe('failed');
    const attempts = await attemptsOf(deliveryId);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(row.attempts).toBe(attempts.length);
    // The last scheduled attempt is the one at (or after) the end of the window.
    expect(attempts.at(-1)?.attemptedAt.getTime()).toBeGreaterThanOrEqual(row.giveUpAt.getTime());
    expect(attempts.at(-2)?.attemptedAt.getTime()).toBeLessThan(row.giveUpAt.getTime());
    const sent = receiver.received.length;
    await sleep(100);
    await deliverDueIpns(workerOptions());
    expect(receiver.received).toHaveLength(sent);

    status = 200;
    const resent = await resendIpn({
      db: t().database.db,
      actor: SYSTEM,
      masterKey: identityFor(t()).config.masterKey,
      merchantId,
      deliveryId,
      timeoutMs: 2_000,
      allowPrivateNetworks: true,
    });
    expect(resent.attempt).toMatchObject({ trigger: 'manual', statusCode: 200 });
    expect(resent.delivery).toMatchObject({ status: 'delivered', attempts: row.attempts });
    expect(receiver.received).toHaveLength(sent + 1);
  });

  it('writes the outcomes of many attempts that finish together, each to its own delivery', async () => {
    const { merchantId } = await merchantWithSecret();
    const ok = await startReceiver(() => ({ status: 200 }));
    const accepted = await startReceiver(() => ({ status: 204 }));
    const broken = await startReceiver(() => ({ status: 500 }));
    const sent = await Promise.all([
      ...Array.from({ length: 30 }, () => enqueue({ merchantId, url: ok.url })),
      ...Array.from({ length: 6 }, () => enqueue({ merchantId, url: accepted.url })),
      ...Array.from({ length: 6 }, () => enqueue({ merchantId, url: broken.url })),
    ]);
    const result = await deliverDueIpns(
      workerOptions({ concurrency: 42, baseDelayMs: 60_000, maxDelayMs: 60_000 }),
    );
    expect(result).toMatchObject({ delivered: 36, retrying: 6, failed: 0, lost: 0 });
    const rows = await Promise.all(sent.map((d) => deliveryRow(d.deliveryId)));
    const attempts = await Promise.all(sent.map((d) => attemptsOf(d.deliveryId)));
    rows.forEach((row, i) => {
      const expected = i < 30 ? 200 : i < 36 ? 204 : 500;
      expect(row).toMatchObject({
        status: i < 36 ? 'delivered' : 'pending',
        attempts: 1,
        lastStatusCode: expected,
        lastError: i < 36 ? null : 'http_500',
        lockedUntil: null,
        claimToken: null,
      });
      expect(row.deliveredAt !== null).toBe(i < 36);
      expect(attempts[i]).toHaveLength(1);
      expect(attempts[i]?.[0]).toMatchObject({ statusCode: expected, trigger: 'schedule' });
      // Each delivered row records when its own attempt finished, not another's.
      if (row.deliveredAt) {
        expect(row.deliveredAt.getTime()).toBeGreaterThanOrEqual(
          attempts[i]?.[0]?.attemptedAt.getTime() ?? 0,
        );
      }
    });
    // The retries are scheduled for later, within the configured delay.
    for (const row of rows.slice(36)) {
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(row.createdAt.getTime());
    }
    expect(ok.received).toHaveLength(30);
  });

  it('refuses loopback and private addresses unless allowed, by IP literal and by name', async () => {
    const { merchantId } = await merchantWithSecret();
    const receiver = await startReceiver(() => ({ status: 200 }));
    const byLiteral = await enqueue({ merchantId, url: receiver.url });
    const byName = await enqueue({
      merchantId,
      url: receiver.url.replace('127.0.0.1', 'localhost'),
    });
    const result = await deliverDueIpns(
      workerOptions({ allowPrivateNetworks: false, baseDelayMs: 60_000, maxDelayMs: 60_000 }),
    );
    expect(result).toMatchObject({ delivered: 0, retrying: 2 });
    expect(receiver.received).toHaveLength(0);
    for (const d of [byLiteral, byName]) {
      const [attempt] = await attemptsOf(d.deliveryId);
      expect(attempt?.error).toMatch(/^blocked_address: .* private or reserved address/);
      expect(attempt?.statusCode).toBeNull();
    }
  });

  it('times out a hanging endpoint without holding up the others', async () => {
    const { merchantId } = await merchantWithSecret();
    const hanging = await startReceiver(() => 'hang');
    const fast = await startReceiver(() => ({ status: 200 }));
    const stuck = await enqueue({ merchantId, url: hanging.url });
    await sleep(5);
    const others = [];
    for (let i = 0; i < 5; i++) others.push(await enqueue({ merchantId, url: fast.url }));

    const started = Date.now();
    // The retry of the hanging one is not due again within this run.
    const result = await deliverDueIpns(
      workerOptions({ timeoutMs: 600, concurrency: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 }),
    );
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ delivered: 5, retrying: 1 });
    expect(elapsed).toBeLessThan(3_000);
    expect(hanging.received).toHaveLength(1);
    // The others went out while the hanging one was still waiting for its answer.
    const hangStart = hanging.received[0]?.at ?? 0;
    expect(fast.received).toHaveLength(5);
    for (const r of fast.received) expect(r.at).toBeLessThan(hangStart + 600);
    for (const o of others) expect((await deliveryRow(o.deliveryId)).status).toBe('delivered');
    const [attempt] = await attemptsOf(stuck.deliveryId);
    expect(attempt).toMatchObject({ statusCode: null, error: 'timeout: no answer within 600 ms' });
    expect(attempt?.latencyMs).toBeGreaterThanOrEqual(550);
    expect(await deliveryRow(stuck.deliveryId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lockedUntil: null,
    });
  });

  it('never posts one delivery twice from concurrent workers (two connection pools)', async () => {
    const { merchantId } = await merchantWithSecret();
    const receiver = await startReceiver(() => ({ status: 200, delayMs: 15 }));
    const ids: string[] = [];
    for (let i = 0; i < 40; i++)
      ids.push((await enqueue({ merchantId, url: receiver.url })).deliveryId);
    // A second pool stands for a second process.
    const other = createDatabase({ url: t().env.DATABASE_URL, poolSize: 8 });
    try {
      const results = await Promise.all([
        deliverDueIpns(workerOptions({ concurrency: 6 })),
        deliverDueIpns(workerOptions({ concurrency: 6 })),
        deliverDueIpns(workerOptions({ db: other.db, concurrency: 6 })),
      ]);
      expect(results.reduce((sum, r) => sum + r.delivered, 0)).toBe(40);
      expect(results.filter((r) => r.delivered > 0).length).toBeGreaterThan(1);
    } finally {
      await other.close();
    }
    // No claim or outcome write failed along the way (a deadlock would show up here).
    expect(t().logLines.filter((l) => String(l.msg).startsWith('ipn '))).toEqual([]);
    const eventIds = receiver.received.map((r) => String(r.headers['ducat-event-id']));
    expect(eventIds).toHaveLength(40);
    expect(new Set(eventIds).size).toBe(40);
    for (const id of ids) {
      expect((await deliveryRow(id)).status).toBe('delivered');
      expect(await attemptsOf(id)).toHaveLength(1);
    }
  });

  it('takes over a delivery whose worker died after claiming it; a live claim is left alone', async () => {
    const { merchantId } = await merchantWithSecret();
    const receiver = await startReceiver(() => ({ status: 200 }));
    const dead = await enqueue({ merchantId, url: receiver.url });
    const live = await enqueue({ merchantId, url: receiver.url });
    const db = t().database.db;
    await db
      .update(ipnDeliveries)
      .set({ lockedUntil: new Date(Date.now() - 1_000), claimToken: 'dead-worker' })
      .where(eq(ipnDeliveries.id, dead.deliveryId));
    await db
      .update(ipnDeliveries)
      .set({ lockedUntil: new Date(Date.now() + 60_000), claimToken: 'live-worker' })
      .where(eq(ipnDeliveries.id, live.deliveryId));

    await deliverDueIpns(workerOptions());
    expect(await deliveryRow(dead.deliveryId)).toMatchObject({
      status: 'delivered',
      claimToken: null,
    });
    expect(await deliveryRow(live.deliveryId)).toMatchObject({
      status: 'pending',
      claimToken: 'live-worker',
      attempts: 0,
    });
    expect(receiver.received.map((r) => r.headers['ducat-event-id'])).toEqual([dead.eventId]);
  });

  it('does not post without a webhook secret: the attempt says why and is retried', async () => {
    const { merchantId } = await createMerchant(t());
    const receiver = await startReceiver(() => ({ status: 200 }));
    const { deliveryId } = await enqueue({ merchantId, url: receiver.url });
    await deliverDueIpns(workerOptions({ baseDelayMs: 60_000, maxDelayMs: 60_000 }));
    expect(receiver.received).toHaveLength(0);
    const [attempt] = await attemptsOf(deliveryId);
    expect(attempt?.error).toMatch(/^no_webhook_secret/);
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('counts a secret that no longer decrypts as a failed attempt, with no internals shown', async () => {
    const { merchantId } = await merchantWithSecret();
    await t()
      .database.db.update(merchantCredentials)
      .set({ secretCiphertext: 'v1.AAAA.AAAA.AAAA' })
      .where(eq(merchantCredentials.merchantId, merchantId));
    const receiver = await startReceiver(() => ({ status: 200 }));
    const { deliveryId } = await enqueue({ merchantId, url: receiver.url });
    await deliverDueIpns(workerOptions({ baseDelayMs: 60_000, maxDelayMs: 60_000 }));
    expect(receiver.received).toHaveLength(0);
    const [attempt] = await attemptsOf(deliveryId);
    expect(attempt?.error).toBe('internal_error: the IPN could not be signed; it will be retried');
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(t().logLines.some((l) => l.msg === 'ipn could not be signed')).toBe(true);
  });

  it('runs as a scheduled job that a commit can wake', async () => {
    const { merchantId } = await merchantWithSecret();
    const receiver = await startReceiver(() => ({ status: 200 }));
    const scheduler = createScheduler({
      logger: t().logger,
      jobs: [
        {
          ...deliverIpnsJob({
            db: t().database.db,
            masterKey: identityFor(t()).config.masterKey,
            logger: t().logger,
            config: {
              timeoutMs: 2_000,
              concurrency: 2,
              baseDelayMs: 20,
              maxDelayMs: 400,
              allowPrivateNetworks: true,
            },
          }),
          // Far beyond the test's wait: only the wake can deliver in time.
          everyMs: 60_000,
        },
      ],
    });
    scheduler.start();
    try {
      const { deliveryId } = await enqueue({ merchantId, url: receiver.url });
      scheduler.wake(DELIVER_IPNS_JOB);
      const deadline = Date.now() + 3_000;
      while ((await deliveryRow(deliveryId)).status !== 'delivered' && Date.now() < deadline) {
        await sleep(20);
      }
      expect((await deliveryRow(deliveryId)).status).toBe('delivered');
    } finally {
      await scheduler.stop();
    }
  });
});

describe('merchant.ipn procedures', () => {
  let server: RunningServer;
  let merchantA = '';
  let merchantB = '';
  const browsers: Record<string, Browser> = {};

  async function logIn(email: string): Promise<Browser> {
    const browser = new Browser(server.base);
    const res = await browser.mutation('admin.logIn', { email, password: PASSWORD });
    expect(res.status).toBe(200);
    return browser;
  }

  function as(name: string): Browser {
    const browser = browsers[name];
    if (!browser) throw new Error(`no browser ${name}`);
    return browser;
  }

  beforeAll(async () => {
    server = await startServer(t());
    const a = await createMerchant(t());
    const b = await createMerchant(t());
    merchantA = a.merchantId;
    merchantB = b.merchantId;
    await webhookSecret(merchantA);
    browsers.ownerA = await logIn(a.ownerEmail);
    browsers.ownerB = await logIn(b.ownerEmail);
    browsers.developerA = await logIn(
      (await createStaff(t(), { role: 'developer', merchantId: merchantA })).email,
    );
    browsers.support = await logIn((await createStaff(t(), { role: 'support' })).email);
    browsers.finance = await logIn((await createStaff(t(), { role: 'finance' })).email);
  });
  afterAll(async () => {
    await server.http.close(1_000);
  });

  it('a manual resend logs an attempt and leaves the retry schedule as it was', async () => {
    let status = 500;
    const receiver = await startReceiver(() => ({ status, body: `answer ${status}` }));
    const { deliveryId } = await enqueue({ merchantId: merchantA, url: receiver.url });
    // One scheduled attempt fails; the next is far away.
    await deliverDueIpns(
      workerOptions({ baseDelayMs: 600_000, maxDelayMs: 600_000, random: () => 0.5 }),
    );
    const before = await deliveryRow(deliveryId);
    expect(before).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });

    const failed = await as('developerA').mutation('merchant.ipn.resend', {
      merchantId: merchantA,
      deliveryId,
    });
    expect(failed.status).toBe(200);
    expect(failed.body.result?.data).toMatchObject({
      delivery: { status: 'pending', attempts: 1 },
      attempt: { trigger: 'manual', statusCode: 500, responseExcerpt: 'answer 500' },
    });
    const middle = await deliveryRow(deliveryId);
    expect(middle.nextAttemptAt).toEqual(before.nextAttemptAt);
    expect(middle.attempts).toBe(1);

    status = 200;
    const ok = await as('support').mutation('merchant.ipn.resend', {
      merchantId: merchantA,
      deliveryId,
    });
    expect(ok.body.result?.data).toMatchObject({
      delivery: { status: 'delivered', attempts: 1, nextAttemptAt: null },
      attempt: { trigger: 'manual', statusCode: 200 },
    });
    const after = await deliveryRow(deliveryId);
    expect(after).toMatchObject({ status: 'delivered', attempts: 1, claimToken: null });
    expect(after.nextAttemptAt).toEqual(before.nextAttemptAt);
    expect(receiver.received).toHaveLength(3);
    const triggers = (await attemptsOf(deliveryId)).map((a) => a.trigger);
    expect(triggers).toEqual(['schedule', 'manual', 'manual']);
    // Who resent, and what came of it, is in the audit log.
    const audited = await t()
      .database.db.select()
      .from(auditLog)
      .where(eq(auditLog.targetId, deliveryId))
      .orderBy(asc(auditLog.id));
    expect(audited.map((a) => [a.action, a.merchantId, a.after])).toEqual([
      ['ipn.resent', merchantA, { statusCode: 500, error: 'http_500', delivered: false }],
      ['ipn.resent', merchantA, { statusCode: 200, error: null, delivered: true }],
    ]);
  });

  it('a resend while the worker holds the claim is refused, not posted twice', async () => {
    const receiver = await startReceiver(() => ({ status: 200 }));
    const { deliveryId } = await enqueue({ merchantId: merchantA, url: receiver.url });
    await t()
      .database.db.update(ipnDeliveries)
      .set({ lockedUntil: new Date(Date.now() + 30_000), claimToken: 'worker' })
      .where(eq(ipnDeliveries.id, deliveryId));
    const res = await as('ownerA').mutation('merchant.ipn.resend', {
      merchantId: merchantA,
      deliveryId,
    });
    expect(res.status).toBe(409);
    expect(res.body.error?.data.code).toBe('ipn_delivery_in_flight');
    expect(receiver.received).toHaveLength(0);
  });

  it('lists deliveries and attempts of the merchant, filtered and paginated', async () => {
    const receiver = await startReceiver((n) => ({ status: n % 2 === 0 ? 500 : 200 }));
    const orderId = 'ord_listme';
    for (let seq = 1; seq <= 5; seq++) {
      await enqueue({ merchantId: merchantA, url: receiver.url, orderId, seq });
    }
    await deliverDueIpns(
      workerOptions({ concurrency: 1, baseDelayMs: 600_000, maxDelayMs: 600_000 }),
    );

    const seen: { seq: number; status: string }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await as('developerA').query('merchant.ipn.list', {
        merchantId: merchantA,
        mode: 'test',
        orderId,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(res.status).toBe(200);
      const data = res.body.result?.data as {
        items: { seq: number; status: string; orderId: string }[];
        nextCursor: string | null;
      };
      seen.push(...data.items.map((i) => ({ seq: i.seq, status: i.status })));
      if (!data.nextCursor) break;
      cursor = data.nextCursor;
    }
    expect(seen.map((s) => s.seq).sort()).toEqual([1, 2, 3, 4, 5]);
    const delivered = seen.filter((s) => s.status === 'delivered').length;
    expect(delivered).toBe(3);

    const pending = await as('ownerA').query('merchant.ipn.list', {
      merchantId: merchantA,
      mode: 'test',
      orderId,
      status: 'pending',
    });
    expect(itemsOf(pending)).toHaveLength(2);

    const failures = await as('ownerA').query('merchant.ipn.attempts', {
      merchantId: merchantA,
      orderId,
      outcome: 'failure',
    });
    const items = itemsOf<{ statusCode: number }>(failures);
    expect(items.map((i) => i.statusCode)).toEqual([500, 500]);
    const all = await as('ownerA').query('merchant.ipn.attempts', {
      merchantId: merchantA,
      orderId,
    });
    expect(itemsOf(all)).toHaveLength(5);

    const bad = await as('ownerA').query('merchant.ipn.list', {
      merchantId: merchantA,
      mode: 'test',
      cursor: 'not-a-cursor',
    });
    expect(bad.body.error?.data.code).toBe('ipn_cursor_invalid');
  });

  it('refuses another merchant’s IPNs: lists by policy, resends as not found', async () => {
    const { deliveryId } = await enqueue({ merchantId: merchantA, url: 'http://127.0.0.1:9/ipn' });
    for (const path of ['merchant.ipn.list', 'merchant.ipn.attempts']) {
      const res = await as('ownerB').query(path, { merchantId: merchantA, mode: 'test' });
      expect(res.status).toBe(403);
      expect(res.body.error?.data.code).toBe('forbidden');
    }
    const resend = await as('ownerB').mutation('merchant.ipn.resend', {
      merchantId: merchantA,
      deliveryId,
    });
    expect(resend.body.error?.data.code).toBe('forbidden');
    // Naming their own merchant with A's delivery finds nothing and sends nothing.
    const own = await as('ownerB').mutation('merchant.ipn.resend', {
      merchantId: merchantB,
      deliveryId,
    });
    expect(own.body.error?.data.code).toBe('not_found');
    const listed = await as('ownerB').query('merchant.ipn.attempts', {
      merchantId: merchantB,
      deliveryId,
    });
    expect(itemsOf(listed)).toEqual([]);
    // Platform finance has no business here; support may look.
    const finance = await as('finance').query('merchant.ipn.list', {
      merchantId: merchantA,
      mode: 'test',
    });
    expect(finance.body.error?.data.code).toBe('forbidden');
    const support = await as('support').query('merchant.ipn.list', {
      merchantId: merchantA,
      mode: 'test',
    });
    expect(support.status).toBe(200);
    const row = await deliveryRow(deliveryId);
    expect(row.attempts).toBe(0);
    expect(
      await t()
        .database.db.select()
        .from(ipnAttempts)
        .where(eq(ipnAttempts.deliveryId, deliveryId)),
    ).toEqual([]);
  });
});

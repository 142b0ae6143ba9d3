import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webhooks } from '@ducat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleProviderNotification } from '../../server/src/domains/checkout/handle-provider-notification.js';
import { createProviderRegistry } from '../../server/src/domains/providers/registry.js';
import {
  createSandboxProvider,
  type SandboxProvider,
} from '../../server/src/sandbox/create-sandbox-provider.js';
import { useTestEnv } from '../../server/src/test/harness.js';
import {
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  startIpnPump,
  startPaymentServer,
  type TestMerchant,
} from '../../server/src/test/payments.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
const SANDBOX_SECRET = 'sandbox-provider-test-secret';
const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(CLI_DIR, 'node_modules', '.bin', 'tsx');

let sandbox: SandboxProvider;
let server: PaymentServer;
let merchant: TestMerchant;
let configDir: string;
let pump: { stop(): Promise<void> } | undefined;

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs `ducat …` as a subprocess, as a developer would. */
function ducat(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['--tsconfig', 'tsconfig.json', 'src/main.ts', ...args], {
      cwd: CLI_DIR,
      env: { ...process.env, DUCAT_CONFIG_DIR: configDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'ducat-cli-'));
  sandbox = createSandboxProvider({
    secret: SANDBOX_SECRET,
    logger: t().logger,
    lateDelayMs: 1_000,
    notifyRetryDelaysMs: [200, 500, 1_000],
  });
  await sandbox.listen(0, '127.0.0.1');
  server = await startPaymentServer(t(), {
    providers: createProviderRegistry({
      sandbox: { baseUrl: () => sandbox.url, secret: SANDBOX_SECRET },
    }),
    onNotification: handleProviderNotification,
  });
  server.services.config.apiUrl = server.base;
  merchant = await paymentMerchant(t(), server.base);
  pump = startIpnPump(t());
});

afterAll(async () => {
  await pump?.stop();
  await sandbox.close();
  await server.stop();
  rmSync(configDir, { recursive: true, force: true });
});

describe('ducat (the CLI, run as a subprocess against the real server)', () => {
  it('logs in with a test key from stdin, keeps it owner-only, and refuses a live key', async () => {
    const live = await ducat(
      ['login', '--merchant', merchant.merchantId, '--api-url', server.base],
      'dk_live_nope\n',
    );
    expect(live.code).toBe(1);
    expect(live.stderr).toContain('test keys only');
    const ok = await ducat(
      ['login', '--merchant', merchant.merchantId, '--api-url', server.base, '--json'],
      `${merchant.apiKey}\n`,
    );
    expect(ok.code, ok.stderr).toBe(0);
    const [result] = jsonLines(ok.stdout);
    expect(result).toMatchObject({ merchantId: merchant.merchantId, mode: 'test' });
    const path = String(result?.configPath);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // The key never appears in what the CLI prints.
    expect(ok.stdout + ok.stderr).not.toContain(merchant.apiKey);
  });

  it('listen forwards triggered events signed with the session secret, shows each status, and removes its endpoint on exit', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const local = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    const forwardTo = `http://127.0.0.1:${(local.address() as AddressInfo).port}/webhooks`;
    let child: ChildProcess | undefined;
    try {
      child = spawn(
        TSX,
        [
          '--tsconfig',
          'tsconfig.json',
          'src/main.ts',
          'listen',
          '--forward-to',
          forwardTo,
          '--events',
          'order.checkout_success,refund.succeeded',
          '--json',
        ],
        { cwd: CLI_DIR, env: { ...process.env, DUCAT_CONFIG_DIR: configDir } },
      );
      let out = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
      });
      const exited = new Promise<number | null>((resolve) => child?.on('close', resolve));
      const lines = async (n: number) => {
        const deadline = Date.now() + 30_000;
        while (jsonLines(out).length < n) {
          if (Date.now() > deadline) throw new Error(`listen printed: ${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        return jsonLines(out);
      };
      const [ready] = await lines(1);
      expect(ready).toMatchObject({ ready: true, mode: 'test', forwardTo });
      const secret = String(ready?.secret);
      expect(secret).toMatch(/^dwhsec_test_/);

      const triggered = await ducat(['trigger', 'refund.succeeded', '--json']);
      expect(triggered.code, triggered.stderr).toBe(0);
      const [trig] = jsonLines(triggered.stdout);
      const order = trig?.order as { id: string; status: string };
      expect(order.status).toBe('partially_refunded');

      const shown = await lines(3);
      expect(shown.slice(1).map((l) => [l.type, l.statusCode])).toEqual([
        ['order.checkout_success', 200],
        ['refund.succeeded', 200],
      ]);
      expect(received).toHaveLength(2);
      for (const r of received) {
        const event = await webhooks.verify(r.body, r.headers['ducat-signature'], secret);
        expect(event.type === 'order.partially_refunded').toBe(false);
        expect(r.headers['ducat-event-id']).toBe(event.id);
      }
      // Each forward's outcome is recorded on the event.
      const events = await ducat(['events', 'list', '--order', order.id, '--json']);
      const listed = jsonLines(events.stdout)[0] as { data: { id: string; type: string }[] };
      expect(listed.data.map((e) => e.type)).toEqual([
        'refund.succeeded',
        'order.partially_refunded',
        'order.checkout_success',
      ]);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      const endpoints = await fetchEndpoints();
      expect(endpoints.some((e) => e.kind === 'cli')).toBe(false);
    } finally {
      child?.kill('SIGKILL');
      await new Promise<void>((resolve) => local.close(() => resolve()));
    }
  });

  it('reads and writes orders, refunds and events with --json, and says what to do on errors', async () => {
    const created = await ducat(['orders', 'create', '--amount', '1500', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { order } = jsonLines(created.stdout)[0] as { order: { id: string; amount: number } };
    expect(order.amount).toBe(1_500);
    const got = await ducat(['orders', 'get', order.id, '--json']);
    expect(jsonLines(got.stdout)[0]).toMatchObject({ id: order.id, status: 'created' });
    const list = await ducat(['orders', 'list', '--limit', '5', '--json']);
    const page = jsonLines(list.stdout)[0] as { data: { id: string }[] };
    expect(page.data.map((o) => o.id)).toContain(order.id);

    const missing = await ducat(['orders', 'get', 'ord_1111111111111111111111']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Error: .+\n {2}Check the id/);
    const notPaid = await ducat(['refunds', 'create', order.id, '--json']);
    expect(notPaid.code).toBe(1);
    expect(jsonLines(notPaid.stdout)[0]).toMatchObject({
      error: { code: 'order_not_refundable' },
    });
    const badTrigger = await ducat(['trigger', 'order.nope']);
    expect(badTrigger.stderr).toContain('Choose one of: order.checkout_success');

    const triggered = await ducat(['trigger', 'order.cancelled', '--json']);
    const cancelled = (jsonLines(triggered.stdout)[0]?.order ?? {}) as { id: string };
    const events = await ducat(['events', 'list', '--order', cancelled.id, '--json']);
    const [event] = (jsonLines(events.stdout)[0] as { data: { id: string; type: string }[] }).data;
    expect(event?.type).toBe('order.cancelled');
    const resent = await ducat(['events', 'resend', String(event?.id), '--json']);
    expect(resent.code, resent.stderr).toBe(0);
    // The primary endpoint (shop.example) is not reachable from here: the resend says so.
    const results = jsonLines(resent.stdout)[0] as unknown as { delivered: boolean }[];
    expect(results).toHaveLength(1);
    expect(results[0]?.delivered).toBe(false);
  });

  it('logs tail shows, live, the requests the CLI makes and the IPN attempts, with no key, secret or query string', async () => {
    const login = await ducat(
      ['login', '--merchant', merchant.merchantId, '--api-url', server.base],
      `${merchant.apiKey}\n`,
    );
    expect(login.code, login.stderr).toBe(0);
    let child: ChildProcess | undefined;
    try {
      child = spawn(TSX, ['--tsconfig', 'tsconfig.json', 'src/main.ts', 'logs', 'tail', '--json'], {
        cwd: CLI_DIR,
        env: { ...process.env, DUCAT_CONFIG_DIR: configDir },
      });
      let out = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
      });
      const exited = new Promise<number | null>((resolve) => child?.on('close', resolve));
      const until = async (ok: (lines: Record<string, unknown>[]) => boolean) => {
        const deadline = Date.now() + 30_000;
        while (!ok(jsonLines(out))) {
          if (Date.now() > deadline) throw new Error(`logs tail printed: ${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        return jsonLines(out);
      };
      const [ready] = await until((l) => l.length >= 1);
      expect(ready).toEqual({ ready: true, mode: 'test' });

      const listed = await ducat([
        'orders',
        'list',
        '--status',
        'created',
        '--limit',
        '3',
        '--json',
      ]);
      expect(listed.code, listed.stderr).toBe(0);
      const triggered = await ducat(['trigger', 'order.cancelled', '--json']);
      expect(triggered.code, triggered.stderr).toBe(0);
      const order = jsonLines(triggered.stdout)[0]?.order as { id: string };

      const [event] = (
        jsonLines((await ducat(['events', 'list', '--order', order.id, '--json'])).stdout)[0] as {
          data: { id: string }[];
        }
      ).data;
      // The delivery worker attempts it on its own, but behind the earlier tests' IPNs to the
      // same unreachable endpoint (still being retried): a resend makes an attempt now.
      const resent = await ducat(['events', 'resend', String(event?.id), '--json']);
      expect(resent.code, resent.stderr).toBe(0);
      const isOurs = (e: Record<string, unknown>) =>
        e.kind === 'ipn_attempt' && e.eventId === event?.id;
      const lines = await until((l) => l.some(isOurs));
      const requests = lines.filter((e) => e.kind === 'request');
      // The list (its filters were in the query string, which is not shown) and the trigger's
      // create and cancel.
      expect(requests).toContainEqual(
        expect.objectContaining({ method: 'GET', path: '/v1/orders', status: 200 }),
      );
      expect(requests).toContainEqual(
        expect.objectContaining({ method: 'POST', path: '/v1/orders', status: 200 }),
      );
      expect(requests).toContainEqual(
        expect.objectContaining({
          method: 'POST',
          path: `/v1/orders/${order.id}/cancel`,
          status: 200,
        }),
      );
      for (const r of requests) {
        expect(r.requestId).toMatch(/\S/);
        expect(typeof r.durationMs).toBe('number');
      }
      const attempt = lines.find(isOurs);
      // The primary endpoint (shop.example) cannot be reached from here: the attempt says how.
      expect(attempt).toMatchObject({
        type: 'order.cancelled',
        trigger: expect.stringMatching(/^(schedule|manual)$/),
        statusCode: null,
        url: expect.stringMatching(/^https:\/\/[^?#@]+$/),
      });
      expect(String(attempt?.error)).toMatch(/\S/);
      for (const secretish of [
        merchant.apiKey,
        merchant.webhookSecret,
        'input=',
        'status=created',
      ]) {
        expect(out).not.toContain(secretish);
      }

      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child?.kill('SIGKILL');
    }
  });
});

async function fetchEndpoints(): Promise<{ id: string; kind: string }[]> {
  const res = await merchant.call('query', 'webhookEndpoints.list');
  return res.body.result?.data as { id: string; kind: string }[];
}

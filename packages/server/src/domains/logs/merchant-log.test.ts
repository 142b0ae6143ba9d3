import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv } from '../../test/harness.js';
import { startNotificationReceiver } from '../../test/notification-receiver.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  resultData,
  startIpnPump,
  startPaymentServer,
} from '../../test/payments.js';
import { logIpnAttempt } from './log-ipn-attempt.js';
import { latestMerchantLogId, loggableUrl, readMerchantLog } from './merchant-log.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;

beforeAll(async () => {
  server = await startPaymentServer(t());
});

afterAll(async () => {
  await server.stop();
});

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await what();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the merchant log (ducat logs tail)', () => {
  it("holds a merchant's own API requests, without their query, and nobody else's", async () => {
    const shop = await paymentMerchant(t(), server.base);
    const other = await paymentMerchant(t(), server.base);
    const scope = { merchantId: shop.merchantId, mode: 'test' as const };
    const read = () => readMerchantLog({ redis: t().redis, scope, after: '0-0', limit: 100 });

    const res = await fetch(`${server.base}/v1/orders?status=created&limit=2`, {
      headers: { authorization: `Bearer ${await shop.jwt()}` },
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');
    await other.call('query', 'merchant.whoami');
    // A request whose JWT does not verify is nobody's: it cannot write into a merchant's log.
    const forged = await fetch(`${server.base}/v1/orders`, {
      headers: { authorization: `Bearer ${(await shop.jwt()).slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(401);

    const entries = await until(read, (e) => e.length >= 1);
    expect(entries).toEqual([
      {
        id: expect.stringMatching(/^\d+-\d+$/),
        kind: 'request',
        time: expect.any(String),
        method: 'GET',
        path: '/v1/orders',
        status: 200,
        durationMs: expect.any(Number),
        requestId,
      },
    ]);
    const others = await readMerchantLog({
      redis: t().redis,
      scope: { merchantId: other.merchantId, mode: 'test' },
      after: '0-0',
      limit: 100,
    });
    expect(others.map((e) => e.kind === 'request' && e.path)).toEqual(['/trpc/merchant.whoami']);
    const live = await readMerchantLog({
      redis: t().redis,
      scope: { ...scope, mode: 'live' },
      after: '0-0',
      limit: 100,
    });
    expect(live).toEqual([]);
    // A tail that starts now starts after the newest entry.
    const latest = await latestMerchantLogId({ redis: t().redis, scope });
    expect(latest).toBe(entries[0]?.id);
    expect(await readMerchantLog({ redis: t().redis, scope, after: latest, limit: 10 })).toEqual(
      [],
    );
  });

  it("holds the delivery worker's IPN attempts to the merchant's endpoints", async () => {
    const receiver = await startNotificationReceiver({ answer: () => 503 });
    const pump = startIpnPump(t());
    try {
      const shop = await paymentMerchant(t(), server.base, { ipnUrl: `${receiver.url}/ipn?k=v` });
      const scope = { merchantId: shop.merchantId, mode: 'test' as const };
      const created = await shop.call('mutation', 'orders.create', orderInput());
      const { order } = resultData<{ order: { id: string } }>(created);
      await shop.call('mutation', 'orders.cancel', { orderId: order.id });
      const entries = await until(
        () => readMerchantLog({ redis: t().redis, scope, after: '0-0', limit: 100 }),
        (e) => e.some((x) => x.kind === 'ipn_attempt'),
      );
      const attempt = entries.find((e) => e.kind === 'ipn_attempt');
      expect(attempt).toMatchObject({
        type: 'order.cancelled',
        trigger: 'schedule',
        statusCode: 503,
        url: `${receiver.url}/ipn`,
        endpointId: expect.stringMatching(/^we_/),
      });
    } finally {
      await pump.stop();
      await receiver.close();
    }
  });

  it('shows an IPN endpoint by origin and path only: no credentials, query or fragment', async () => {
    expect(loggableUrl('https://user:pa55@shop.example:8443/ipn/in?token=abc#x')).toBe(
      'https://shop.example:8443/ipn/in',
    );
    expect(loggableUrl('not a url')).toBe('(invalid URL)');
    const scope = { merchantId: 'mch_logtest', mode: 'test' as const };
    await logIpnAttempt({
      redis: t().redis,
      delivery: {
        id: 'ipn_1',
        eventId: 'evt_1',
        merchantId: scope.merchantId,
        mode: scope.mode,
        endpointId: 'we_1',
        type: 'order.checkout_success',
        url: 'https://user:pa55@shop.example/ipn?token=abc',
      },
      trigger: 'schedule',
      result: {
        attemptedAt: new Date('2026-12-01T10:00:00Z'),
        statusCode: 500,
        latencyMs: 12,
        error: 'http_500',
      },
    });
    const [entry] = await readMerchantLog({ redis: t().redis, scope, after: '0-0', limit: 10 });
    expect(entry).toMatchObject({
      kind: 'ipn_attempt',
      time: '2026-12-01T10:00:00.000Z',
      url: 'https://shop.example/ipn',
      statusCode: 500,
      trigger: 'schedule',
    });
  });

  it('refuses a malformed resume cursor with a typed error, inside the stream', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const input = encodeURIComponent(JSON.stringify({ after: 'yesterday' }));
    const res = await fetch(`${server.base}/trpc/logs.tail?input=${input}`, {
      headers: { authorization: `Bearer ${await shop.jwt()}`, accept: 'text/event-stream' },
    });
    // tRPC has answered 200 before it validates a subscription's input: the refusal is the
    // stream's one event, and the stream ends.
    const text = await res.text();
    const refusal = /event: serialized-error\ndata: (.+)\n/.exec(text)?.[1];
    expect(JSON.parse(refusal ?? '{}')).toMatchObject({
      data: { code: 'validation_failed', field: 'after', httpStatus: 400 },
    });
  });
});

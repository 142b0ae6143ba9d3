import { afterEach, describe, expect, it } from 'vitest';
import {
  API_KEY,
  json,
  jwtClaims,
  MERCHANT_ID,
  refusal,
  type StubServer,
  startStubServer,
} from '../test/stub-server.js';
import { Ducat } from './client.js';
import {
  APIError,
  ConnectionError,
  DucatError,
  InvalidRequestError,
  RateLimitError,
  SignatureVerificationError,
} from './errors.js';
import { generateTestHeader } from './webhooks.js';

const ORDER = { id: 'ord_x', status: 'created' };
const CREATED = { order: ORDER, checkout: { token: 't', url: 'u', expiresAt: 'e' } };
const INPUT = {
  reference: 'r-1',
  amount: 100,
  currency: 'EUR',
  returnUrl: 'https://s.example/r',
  cancelUrl: 'https://s.example/c',
};

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

function client(base: string, extra: Partial<ConstructorParameters<typeof Ducat>[0]> = {}) {
  return new Ducat({
    merchantId: MERCHANT_ID,
    merchantKey: API_KEY,
    baseUrl: base,
    initialRetryDelayMs: 10,
    maxRetryDelayMs: 40,
    ...extra,
  });
}

describe('retries', () => {
  it('retries 5xx with the same idempotency key and a fresh JWT, then succeeds', async () => {
    stub = await startStubServer((i, _r, res) =>
      i < 2 ? refusal(res, 503, 'service_unavailable') : json(res, 200, CREATED),
    );
    const result = await client(stub.base).orders.create(INPUT);
    expect(result.order.id).toBe('ord_x');
    expect(stub.requests).toHaveLength(3);
    const keys = new Set(stub.requests.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^sdk_/);
    const jtis = new Set(stub.requests.map((r) => jwtClaims(r.headers).jti));
    expect(jtis.size).toBe(3);
    // Byte-identical bodies: the server's idempotency record compares them.
    expect(new Set(stub.requests.map((r) => r.body)).size).toBe(1);
  });

  it('uses the caller idempotency key on every attempt', async () => {
    stub = await startStubServer((i, _r, res) =>
      i === 0 ? refusal(res, 500, 'internal_error') : json(res, 200, CREATED),
    );
    await client(stub.base).orders.create(INPUT, { idempotencyKey: 'cart-42' });
    expect(stub.requests.map((r) => r.headers['idempotency-key'])).toEqual(['cart-42', 'cart-42']);
  });

  it('retries a dropped connection (the answer was lost) with the same key', async () => {
    stub = await startStubServer((i, _r, res) => {
      if (i === 0) res.socket?.destroy();
      else json(res, 200, CREATED);
    });
    await client(stub.base).orders.create(INPUT);
    expect(stub.requests).toHaveLength(2);
    expect(stub.requests[0]?.headers['idempotency-key']).toBe(
      stub.requests[1]?.headers['idempotency-key'],
    );
  });

  it('retries 409 in-flight after the server hint, but not other 409s', async () => {
    stub = await startStubServer((i, _r, res) =>
      i === 0
        ? refusal(res, 409, 'idempotency_key_in_use', { details: { retryAfterMs: 30 } })
        : i === 1
          ? refusal(res, 409, 'order_busy')
          : json(res, 200, CREATED),
    );
    await client(stub.base).orders.create(INPUT);
    expect(stub.requests).toHaveLength(3);

    const other = await startStubServer((_i, _r, res) =>
      refusal(res, 409, 'order_reference_taken', { field: 'reference' }),
    );
    await expect(client(other.base).orders.create(INPUT)).rejects.toMatchObject({
      code: 'order_reference_taken',
    });
    expect(other.requests).toHaveLength(1);
    await other.close();
  });

  it('honours Retry-After on 429', async () => {
    stub = await startStubServer((i, _r, res) =>
      i === 0
        ? refusal(res, 429, 'rate_limited', {}, { 'retry-after': '1' })
        : json(res, 200, [{ currency: 'EUR', balance: 1, pending: 0, available: 1 }]),
    );
    const started = Date.now();
    const balances = await client(stub.base).balance.get();
    expect(balances[0]?.available).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(stub.requests).toHaveLength(2);
  });

  it('gives up on a Retry-After longer than a minute and says when to come back', async () => {
    stub = await startStubServer((_i, _r, res) =>
      refusal(res, 429, 'rate_limited', {}, { 'retry-after': '120' }),
    );
    const error = await client(stub.base)
      .balance.get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(stub.requests).toHaveLength(1);
  });

  it('does not retry a refusal of the request itself', async () => {
    stub = await startStubServer((_i, _r, res) =>
      refusal(res, 400, 'validation_failed', { field: 'amount' }),
    );
    await expect(client(stub.base).orders.create(INPUT)).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    expect(stub.requests).toHaveLength(1);
  });

  it('stops after maxRetries and throws the last error with its request id', async () => {
    stub = await startStubServer((_i, _r, res) => refusal(res, 502, 'provider_unavailable'));
    const error = await client(stub.base, { maxRetries: 3 })
      .orders.get('ord_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 502, requestId: 'req_provider_unavailable' });
    expect(stub.requests).toHaveLength(4);
  });

  it('waits longer between later retries (capped exponential backoff)', async () => {
    const at: number[] = [];
    stub = await startStubServer((_i, _r, res) => {
      at.push(Date.now());
      refusal(res, 503, 'service_unavailable');
    });
    const ducat = client(stub.base, {
      maxRetries: 4,
      initialRetryDelayMs: 40,
      maxRetryDelayMs: 160,
    });
    await expect(ducat.balance.get()).rejects.toBeInstanceOf(APIError);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? t));
    // Jitter keeps each wait in [backoff/2, backoff]: 40, 80, 160, 160 (capped).
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[2]).toBeGreaterThanOrEqual(75);
    expect(gaps[3]).toBeGreaterThanOrEqual(75);
    expect(Math.max(...gaps)).toBeLessThan(400);
  });

  it('times out a hung attempt and retries it', async () => {
    stub = await startStubServer((i, _r, res) => {
      if (i > 0) json(res, 200, ORDER);
      // The first request never gets an answer.
    });
    const order = await client(stub.base, { timeoutMs: 200 }).orders.get('ord_1');
    expect(order.id).toBe('ord_x');
    expect(stub.requests).toHaveLength(2);
  });

  it('reports a timeout as ConnectionError when retries are off', async () => {
    stub = await startStubServer(() => undefined);
    const error = await client(stub.base)
      .orders.get('ord_1', { timeoutMs: 100, maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('timeout');
  });

  it('an AbortSignal stops the call, also while it waits to retry', async () => {
    stub = await startStubServer((_i, _r, res) => refusal(res, 503, 'service_unavailable'));
    const controller = new AbortController();
    const ducat = client(stub.base, { initialRetryDelayMs: 5_000, maxRetryDelayMs: 5_000 });
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const error = await ducat.balance.get({ signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(stub.requests).toHaveLength(1);
  });

  it('sends no idempotency key on reads', async () => {
    stub = await startStubServer((_i, _r, res) => json(res, 200, ORDER));
    await client(stub.base).orders.get('ord_1');
    expect(stub.requests[0]?.headers['idempotency-key']).toBeUndefined();
    expect(stub.requests[0]?.url).toBe('/v1/orders/ord_1');
  });
});

describe('reports', () => {
  it('asks GET /v1/reports for a period (dates as UTC midnight) and returns JSON or CSV text', async () => {
    stub = await startStubServer((_i, req, res) => {
      const url = new URL(req.url, 'http://x');
      if (url.searchParams.get('format') === 'csv') {
        res.writeHead(200, { 'content-type': 'text/csv' });
        res.end('transfer_id,amount\ntrf_1,2500\n');
      } else {
        json(res, 200, {
          from: url.searchParams.get('from'),
          to: url.searchParams.get('to'),
          lines: [],
        });
      }
    });
    const ducat = client(stub.base);
    const report = await ducat.reports.get({
      from: '2026-11-01',
      to: new Date('2026-11-08T00:00:00Z'),
    });
    expect(report).toEqual({
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-08T00:00:00.000Z',
      lines: [],
    });
    const csv = await ducat.reports.get({ from: '2026-11-01', to: '2026-11-08', format: 'csv' });
    expect(csv).toBe('transfer_id,amount\ntrf_1,2500\n');
    expect(stub.requests.map((r) => decodeURIComponent(r.url))).toEqual([
      '/v1/reports?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00.000Z&format=json',
      '/v1/reports?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z&format=csv',
    ]);
    expect(stub.requests[1]?.headers.accept).toContain('text/csv');
  });

  it('verifies the report signature when given the webhook secret, and refuses a tampered report', async () => {
    const secret = 'dwhsec_test_reportsecret';
    const body =
      '{"from":"2026-11-01T00:00:00Z","to":"2026-11-08T00:00:00Z","totals":[],"lines":[]}';
    const header = await generateTestHeader({ payload: body, secret });
    let served = body;
    stub = await startStubServer((_i, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'ducat-signature': header });
      res.end(served);
    });
    const ducat = client(stub.base);
    const report = await ducat.reports.get({ from: '2026-11-01', to: '2026-11-08', secret });
    expect(report.from).toBe('2026-11-01T00:00:00Z');
    served = body.replace('"totals":[]', '"totals":[{"currency":"EUR"}]');
    await expect(
      ducat.reports.get({ from: '2026-11-01', to: '2026-11-08', secret }),
    ).rejects.toMatchObject({ code: 'signature_mismatch' });
    await expect(
      ducat.reports.get({ from: '2026-11-01', to: '2026-11-08', secret: 'dwhsec_test_other' }),
    ).rejects.toBeInstanceOf(SignatureVerificationError);
  });
});

describe('a runtime without WebCrypto (Node 18 without the flag)', () => {
  it('fails with crypto_unavailable before any request, and does not retry', async () => {
    stub = await startStubServer((_i, _r, res) => json(res, 200, ORDER));
    const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      const error = await client(stub.base)
        .orders.get('ord_1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DucatError);
      expect(error).not.toBeInstanceOf(ConnectionError);
      expect((error as DucatError).code).toBe('crypto_unavailable');
      expect((error as DucatError).message).toContain('--experimental-global-webcrypto');
    } finally {
      if (original) Object.defineProperty(globalThis, 'crypto', original);
    }
    expect(stub.requests).toHaveLength(0);
  });
});

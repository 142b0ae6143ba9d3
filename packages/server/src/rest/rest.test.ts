import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/harness.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  startPaymentServer,
  type TestMerchant,
} from '../test/payments.js';
import type { RestError } from './error-body.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let merchant: TestMerchant;
let other: TestMerchant;

type Order = { id: string; status: string; amount: number; refundedAmount: number };
type Created = { order: Order; checkout: { token: string; url: string } };

type Answer<T> = { status: number; body: T; headers: Headers };

/** A merchant's plain HTTP call, as any language would make it: a URL, a JWT, JSON. */
async function call<T = unknown>(
  method: string,
  path: string,
  options: {
    as?: TestMerchant | null;
    json?: unknown;
    body?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer<T>> {
  const as = options.as === undefined ? merchant : options.as;
  const headers: Record<string, string> = { ...options.headers };
  if (as) headers.authorization = `Bearer ${await as.jwt()}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await fetch(`${server.base}${path}`, { method, headers, body });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: res.headers,
  };
}

function expectError(answer: Answer<unknown>, status: number, code: string): RestError['error'] {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const { error } = answer.body as RestError;
  expect(error.code).toBe(code);
  expect(error.requestId).toBe(answer.headers.get('x-request-id'));
  return error;
}

async function createOrder(overrides: Record<string, unknown> = {}): Promise<Created> {
  const created = await call<Created>('POST', '/v1/orders', { json: orderInput(overrides) });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return created.body;
}

beforeAll(async () => {
  server = await startPaymentServer(t());
  merchant = await paymentMerchant(t(), server.base);
  other = await paymentMerchant(t(), server.base);
});

afterAll(async () => {
  await server.stop();
});

describe('merchant REST API', () => {
  it('creates an order, lets a shopper pay it, then gets, lists and refunds it', async () => {
    const reference = `rest-${Date.now()}`;
    const created = await createOrder({ reference, amount: 2_500 });
    expect(created.order).toMatchObject({ status: 'created', amount: 2_500 });
    expect(created.checkout.url).toContain('/pay/');

    const shopper = await paymentShopper(t(), server, 10_000);
    const paid = await shopper.browser.mutation('checkout.payWithWallet', {
      token: created.checkout.token,
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);

    const got = await call<Order>('GET', `/v1/orders/${created.order.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: created.order.id, status: 'checkout_success' });

    // Query values arrive as text; limit is coerced to the number its schema wants.
    const listed = await call<{ orders: Order[]; nextCursor: string | null }>(
      'GET',
      `/v1/orders?reference=${reference}&status=checkout_success&limit=5`,
    );
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.orders.map((o) => o.id)).toEqual([created.order.id]);

    const refund = {
      json: { amount: 1_000, reason: 'one coffee was cold' },
      headers: { 'idempotency-key': `refund-${reference}` },
    };
    const partial = await call<{ id: string; amount: number; status: string }>(
      'POST',
      `/v1/orders/${created.order.id}/refunds`,
      refund,
    );
    expect(partial.status, JSON.stringify(partial.body)).toBe(200);
    expect(partial.body).toMatchObject({ amount: 1_000, status: 'succeeded' });
    const retried = await call<{ id: string }>(
      'POST',
      `/v1/orders/${created.order.id}/refunds`,
      refund,
    );
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.id).toBe(partial.body.id);
    const beyond = await call('POST', `/v1/orders/${created.order.id}/refunds`, {
      json: { amount: 2_000 },
    });
    expectError(beyond, 422, 'refund_exceeds_captured');
    // No amount: the whole refundable rest.
    const rest = await call<{ amount: number }>('POST', `/v1/orders/${created.order.id}/refunds`, {
      json: {},
    });
    expect(rest.body).toMatchObject({ amount: 1_500 });

    const refunds = await call<{ amount: number }[]>(
      'GET',
      `/v1/orders/${created.order.id}/refunds`,
    );
    expect(refunds.body.map((r) => r.amount).sort()).toEqual([1_000, 1_500]);
    const after = await call<Order>('GET', `/v1/orders/${created.order.id}`);
    expect(after.body).toMatchObject({ status: 'refunded', refundedAmount: 2_500 });

    const balance = await call<{ currency: string; balance: number }[]>('GET', '/v1/balance');
    expect(balance.status).toBe(200);
    expect(balance.body).toEqual([expect.objectContaining({ currency: 'EUR', balance: 0 })]);
    const whoami = await call<{ merchantId: string; mode: string }>('GET', '/v1/whoami');
    expect(whoami.body).toMatchObject({ merchantId: merchant.merchantId, mode: 'test' });
  });

  it('cancels an unpaid order with an empty POST; a second cancel answers the cancelled order', async () => {
    const created = await createOrder();
    const cancelled = await call<Order>('POST', `/v1/orders/${created.order.id}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await call<Order>('POST', `/v1/orders/${created.order.id}/cancel`);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ id: created.order.id, status: 'cancelled' });
  });

  it('replays an Idempotency-Key: the same order, flagged Idempotent-Replayed', async () => {
    const input = orderInput();
    const headers = { 'idempotency-key': `rest-key-${Date.now()}` };
    const first = await call<Created>('POST', '/v1/orders', { json: input, headers });
    const second = await call<Created>('POST', '/v1/orders', { json: input, headers });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.order.id).toBe(first.body.order.id);
    const listed = await call<{ orders: Order[] }>(
      'GET',
      `/v1/orders?reference=${String(input.reference)}`,
    );
    expect(listed.body.orders).toHaveLength(1);
    const reused = await call('POST', '/v1/orders', {
      json: { ...input, amount: 999 },
      headers,
    });
    expectError(reused, 422, 'idempotency_key_reused');
  });

  it("answers 404 for another merchant's order, as if it did not exist", async () => {
    const created = await createOrder();
    expectError(
      await call('GET', `/v1/orders/${created.order.id}`, { as: other }),
      404,
      'order_not_found',
    );
    expectError(
      await call('POST', `/v1/orders/${created.order.id}/cancel`, { as: other }),
      404,
      'order_not_found',
    );
    const mine = await call<Order>('GET', `/v1/orders/${created.order.id}`);
    expect(mine.body.status).toBe('created');
  });

  it('refuses bad input with 400 validation_failed naming the field, and changes nothing', async () => {
    const reference = `bad-${Date.now()}`;
    const float = await call('POST', '/v1/orders', {
      json: orderInput({ reference, amount: 12.5 }),
    });
    const error = expectError(float, 400, 'validation_failed');
    expect(error.field).toBe('amount');
    expect(error.issues?.[0]?.path).toBe('amount');
    const none = await call<{ orders: Order[] }>('GET', `/v1/orders?reference=${reference}`);
    expect(none.body.orders).toEqual([]);

    expect(
      expectError(await call('GET', '/v1/orders?limit=abc'), 400, 'validation_failed').field,
    ).toBe('limit');
    expect(
      expectError(await call('GET', '/v1/orders?limit=500'), 400, 'validation_failed').field,
    ).toBe('limit');
    expect(
      expectError(await call('GET', '/v1/orders/ord_nope'), 400, 'validation_failed').field,
    ).toBe('orderId');
    const page = await call<{ orders: Order[] }>('GET', '/v1/orders?limit=1');
    expect(page.status).toBe(200);
    expect(page.body.orders).toHaveLength(1);
  });

  it('refuses a call without a JWT with 401 jwt_missing', async () => {
    expectError(await call('GET', '/v1/orders', { as: null }), 401, 'jwt_missing');
    expectError(
      await call('POST', '/v1/orders', { as: null, json: orderInput() }),
      401,
      'jwt_missing',
    );
  });

  it('answers unknown routes 404 and known routes with the wrong method 405', async () => {
    expectError(await call('GET', '/v1/nothing-here'), 404, 'not_found');
    expectError(await call('GET', '/v1'), 404, 'not_found');
    const wrong = await call('DELETE', '/v1/orders');
    expectError(wrong, 405, 'method_not_allowed');
    expect(wrong.headers.get('allow')).toBe('POST, GET');
  });

  it('refuses malformed bodies with typed 4xx, never a 500', async () => {
    expectError(
      await call('POST', '/v1/orders', {
        body: '{"amount": 1,',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'json_invalid',
    );
    expectError(
      await call('POST', '/v1/orders', {
        body: JSON.stringify(orderInput()),
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      'content_type_invalid',
    );
    expectError(
      await call('POST', '/v1/orders', { json: [orderInput()] }),
      400,
      'validation_failed',
    );
    expectError(
      await call('POST', '/v1/orders', {
        json: { ...orderInput(), description: 'x'.repeat(1_100_000) },
      }),
      413,
      'payload_too_large',
    );
  });

  it('stops reading a streamed body past 1 MB with 413', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Far more than the limit: the server must answer without waiting for the end.
        if (sent++ < 64) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${server.base}/v1/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await merchant.jwt()}`,
        'content-type': 'application/json',
      },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as RestError).error.code).toBe('payload_too_large');
  });

  it('serves payouts through the same procedures', async () => {
    const listed = await call<{ payouts: unknown[]; nextCursor: string | null }>(
      'GET',
      '/v1/payouts?limit=5',
    );
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ payouts: [], nextCursor: null });
    const unknown = await call('POST', '/v1/payouts', {
      json: { amount: 100, currency: 'EUR', provider: 'no-such-provider' },
    });
    expect(expectError(unknown, 404, 'provider_unknown').field).toBe('provider');
  });

  it('publishes the OpenAPI document at /openapi.json without authentication', async () => {
    const doc = await call<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/openapi.json',
      { as: null },
    );
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/v1/orders/{orderId}/refunds');
  });
});

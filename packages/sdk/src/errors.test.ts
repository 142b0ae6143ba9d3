import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  MERCHANT_ID,
  refusal,
  type StubServer,
  startStubServer,
} from '../test/stub-server.js';
import { Ducat } from './client.js';
import {
  APIError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  DucatError,
  IdempotencyError,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  RateLimitError,
} from './errors.js';

// Each row: what the platform answers (its real codes and statuses, see the server's errors.ts)
// and the class the SDK must throw.
const FAMILIES: [number, string, typeof DucatError][] = [
  [401, 'jwt_signature_invalid', AuthenticationError],
  [401, 'merchant_key_revoked', AuthenticationError],
  [403, 'merchant_inactive', PermissionError],
  [400, 'validation_failed', InvalidRequestError],
  [413, 'payload_too_large', InvalidRequestError],
  [415, 'content_type_invalid', InvalidRequestError],
  [422, 'refund_exceeds_captured', InvalidRequestError],
  [404, 'order_not_found', NotFoundError],
  [409, 'order_reference_taken', ConflictError],
  [409, 'order_not_refundable', ConflictError],
  [422, 'idempotency_key_reused', IdempotencyError],
  [400, 'idempotency_key_invalid', IdempotencyError],
  [429, 'rate_limited', RateLimitError],
  [500, 'internal_error', APIError],
  [503, 'ledger_unavailable', APIError],
];

let stub: StubServer;
const bodies = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  stub = await startStubServer((_i, req, res) => {
    // orders.get('<status>/<code>') arrives as /v1/orders/<status>%2F<code>.
    const [status, code] = decodeURIComponent(req.url.split('/')[3] ?? '').split('/');
    refusal(res, Number(status), String(code), bodies.get(String(code)) ?? {});
  });
});
afterAll(async () => {
  await stub.close();
});

function ducat(base = stub.base) {
  return new Ducat({
    merchantId: MERCHANT_ID,
    merchantKey: API_KEY,
    baseUrl: base,
    maxRetries: 0,
    timeoutMs: 5_000,
  });
}

async function thrownBy(status: number, code: string): Promise<DucatError> {
  const error = await ducat()
    .orders.get(`${status}/${code}`)
    .catch((e: unknown) => e);
  if (!(error instanceof DucatError)) throw new Error(`not a DucatError: ${String(error)}`);
  return error;
}

describe('error mapping', () => {
  it.each(FAMILIES)('%i %s -> %o', async (status, code, ErrorClass) => {
    const error = await thrownBy(status, code);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(DucatError);
    expect(error).toMatchObject({
      code,
      status,
      requestId: `req_${code}`,
      message: `refused: ${code}`,
    });
    expect(error.name).toBe(ErrorClass.name);
  });

  it('an idempotency refusal is also a conflict', async () => {
    expect(await thrownBy(422, 'idempotency_key_reused')).toBeInstanceOf(ConflictError);
  });

  it('carries the field and every issue of an invalid request', async () => {
    bodies.set('validation_failed', {
      field: 'amount',
      issues: [
        { path: 'amount', message: 'Too small' },
        { path: 'currency', message: 'Invalid' },
      ],
    });
    const error = await thrownBy(400, 'validation_failed');
    expect(error.field).toBe('amount');
    expect(error.issues).toEqual([
      { path: 'amount', message: 'Too small' },
      { path: 'currency', message: 'Invalid' },
    ]);
  });

  it('reads retryAfterMs from the details of a rate limit', async () => {
    bodies.set('rate_limited', { details: { retryAfterMs: 1_500 } });
    const error = await thrownBy(429, 'rate_limited');
    expect((error as RateLimitError).retryAfterMs).toBe(1_500);
  });

  it('maps an answer without an error body by its status, with the x-request-id header', async () => {
    const bare = await startStubServer((_i, _r, res) => {
      res.writeHead(502, { 'content-type': 'text/html', 'x-request-id': 'req_proxy' });
      res.end('<html>Bad gateway</html>');
    });
    const error = await ducat(bare.base)
      .balance.get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 502, code: 'api_error', requestId: 'req_proxy' });
    await bare.close();
  });

  it('turns a refused connection into ConnectionError', async () => {
    const closed = await startStubServer(() => undefined);
    const base = closed.base;
    await closed.close();
    const error = await ducat(base)
      .balance.get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'connection_failed', status: undefined });
  });

  it('refuses a malformed configuration before any request', () => {
    expect(() => new Ducat({ merchantId: 'nope', merchantKey: API_KEY })).toThrow(DucatError);
    expect(() => new Ducat({ merchantId: MERCHANT_ID, merchantKey: '' })).toThrow(/merchantKey/);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createIdentityServices } from './auth/identity-services.js';
import { createDatabase } from './db/client.js';
import { AppError } from './errors.js';
import { createHttpServer, type HttpServer } from './http.js';
import { createRedis } from './infra/redis.js';
import { appRouter } from './root.js';
import { closedPort, useTestEnv } from './test/harness.js';
import { idempotent, publicProcedure, router } from './trpc.js';

let gate: Promise<void> = Promise.resolve();

type Body = {
  status?: string;
  checks?: unknown;
  result?: { data: unknown };
  error: {
    message: string;
    code?: string;
    data: { code: string; requestId?: string; issues: { path: string }[] } & Record<
      string,
      unknown
    >;
  };
};

async function readJson(res: Response): Promise<Body> {
  return (await res.json()) as Body;
}

const testRouter = router({
  app: appRouter,
  boom: publicProcedure.query(() => {
    throw new Error('SELECT secret_column FROM internals failed at db-7.internal');
  }),
  overloaded: publicProcedure.query(() => {
    throw Object.assign(new Error('Too many connections'), { errno: 1040 });
  }),
  refuse: publicProcedure.mutation(() => {
    throw new AppError('conflict', {
      message: 'Order is already paid.',
      internalMessage: 'row version 7',
    });
  }),
  strict: publicProcedure
    .input(
      z.object({ amount: z.number().int().positive(), customer: z.object({ email: z.email() }) }),
    )
    .mutation(({ input }) => input),
  slow: publicProcedure.query(async () => {
    await gate;
    return 'finished';
  }),
  charge: publicProcedure
    .input(z.object({ amount: z.number().int().positive() }))
    .mutation(({ ctx, input }) =>
      idempotent(ctx, { operation: 'charge', scope: 'anonymous', input }, async (tx) => {
        await tx.execute(sql`SELECT 1`);
        return { charged: input.amount, at: Date.now() };
      }),
    ),
});

function serverFor(
  overrides: { databaseUrl?: string; redisUrl?: string },
  t: ReturnType<ReturnType<typeof useTestEnv>>,
) {
  const database = overrides.databaseUrl
    ? createDatabase({ url: overrides.databaseUrl, connectTimeoutMs: 500 })
    : t.database;
  const redis = overrides.redisUrl
    ? createRedis({ url: overrides.redisUrl, keyPrefix: 'x:', connectTimeoutMs: 300 })
    : t.redis;
  redis.on('error', () => undefined);
  return {
    database,
    redis,
    http: createHttpServer({
      router: testRouter,
      database,
      redis,
      logger: t.logger,
      config: { idempotencyTtlHours: 24 },
      identity: createIdentityServices({ env: t.env, db: database.db, redis, logger: t.logger }),
    }),
  };
}

describe('HTTP server', () => {
  const t = useTestEnv();
  let http: HttpServer;
  let base = '';

  beforeAll(async () => {
    http = serverFor({}, t()).http;
    const address = await http.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await http.close(1_000);
  });

  it('/health answers ok with a request id', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('/ready checks MySQL and Redis', async () => {
    const res = await fetch(`${base}/ready`);
    const body = await readJson(res);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      checks: { mysql: { ok: true }, redis: { ok: true } },
    });
  });

  it('/ready reports a Redis that is down', async () => {
    const port = await closedPort();
    const s = serverFor({ redisUrl: `redis://127.0.0.1:${port}` }, t());
    const address = await s.http.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${address.port}/ready`);
      expect(res.status).toBe(503);
      const body = await readJson(res);
      expect(body).toMatchObject({
        status: 'unavailable',
        checks: { mysql: { ok: true }, redis: { ok: false } },
      });
      expect(JSON.stringify(body)).not.toContain(String(port));
    } finally {
      await s.http.close(100);
      s.redis.disconnect();
    }
  });

  it('/ready reports a MySQL that is down', async () => {
    const port = await closedPort();
    const s = serverFor({ databaseUrl: `mysql://root:hunter2@127.0.0.1:${port}/ducat` }, t());
    const address = await s.http.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${address.port}/ready`);
      expect(res.status).toBe(503);
      const body = await readJson(res);
      expect(body).toMatchObject({
        status: 'unavailable',
        checks: { mysql: { ok: false, error: 'ECONNREFUSED' }, redis: { ok: true } },
      });
      expect(JSON.stringify(body)).not.toContain('hunter2');
    } finally {
      await s.http.close(100);
      await s.database.close();
    }
  });

  it('echoes a well-formed incoming request id and replaces a malformed one', async () => {
    const ok = await fetch(`${base}/health`, { headers: { 'x-request-id': 'lb-123.abc' } });
    expect(ok.headers.get('x-request-id')).toBe('lb-123.abc');
    const bad = await fetch(`${base}/health`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('an unknown error answers a generic message and the request id; internals only in the log', async () => {
    const res = await fetch(`${base}/trpc/boom`);
    expect(res.status).toBe(500);
    const requestId = res.headers.get('x-request-id');
    const body = await readJson(res);
    const text = JSON.stringify(body);
    expect(body.error.message).toBe('An unexpected error occurred.');
    expect(body.error.data).toMatchObject({ code: 'internal_error', httpStatus: 500, requestId });
    expect(text).not.toContain('secret_column');
    expect(text).not.toContain('stack');
    const logged = t().logLines.find(
      (l) => l.requestId === requestId && l.msg === 'unhandled error',
    );
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('secret_column');
  });

  it('an overloaded or unreachable database answers 503 service_unavailable, not 500', async () => {
    const res = await fetch(`${base}/trpc/overloaded`);
    expect(res.status).toBe(503);
    const body = await readJson(res);
    expect(body.error.data).toMatchObject({ code: 'service_unavailable', httpStatus: 503 });
    expect(JSON.stringify(body)).not.toContain('Too many connections');
  });

  it('a domain error answers its stable code, status and safe message', async () => {
    const res = await fetch(`${base}/trpc/refuse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(409);
    const body = await readJson(res);
    expect(body.error.message).toBe('Order is already paid.');
    expect(body.error.data).toMatchObject({ code: 'conflict', httpStatus: 409 });
    expect(body.error.data.requestId).toBe(res.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toContain('row version');
  });

  it('invalid input answers BAD_REQUEST with the field paths', async () => {
    const res = await fetch(`${base}/trpc/strict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1.5, customer: { email: 'nope' } }),
    });
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.error.data.code).toBe('validation_failed');
    expect(body.error.data.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'amount',
      'customer.email',
    ]);
  });

  it('refuses a request body over 1 MB without buffering it', async () => {
    const res = await fetch(`${base}/trpc/strict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: 1,
        customer: { email: 'a@b.co' },
        pad: 'x'.repeat(2_000_000),
      }),
    });
    expect(res.status).toBe(413);
  });

  it('an unknown route answers a typed 404', async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect((await readJson(res)).error.code).toBe('not_found');
  });

  it('an Idempotency-Key replay is flagged with Idempotent-Replayed', async () => {
    const call = (amount: number) =>
      fetch(`${base}/trpc/charge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'http-key-1' },
        body: JSON.stringify({ amount }),
      });
    const first = await call(100);
    const firstBody = await readJson(first);
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await call(100);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await readJson(second)).toEqual(firstBody);
    const mismatch = await call(101);
    expect(mismatch.status).toBe(422);
    expect((await readJson(mismatch)).error.data.code).toBe('idempotency_key_reused');
  });

  it('graceful close lets an in-flight request finish and refuses new connections', async () => {
    const s = serverFor({}, t());
    const address = await s.http.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${address.port}`;
    let open: () => void = () => undefined;
    gate = new Promise((r) => {
      open = r;
    });
    const inflight = fetch(`${url}/trpc/slow`);
    for (let i = 0; i < 100 && s.http.inFlight() === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(s.http.inFlight()).toBe(1);
    const closing = s.http.close(5_000);
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    open();
    const res = await inflight;
    expect((await readJson(res)).result?.data).toBe('finished');
    await closing;
    gate = Promise.resolve();
  });
});

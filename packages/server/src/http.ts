import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { AnyTRPCRouter } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { IdentityServices } from './auth/identity-services.js';
import type { Database } from './db/client.js';
import type { PaymentServices } from './domains/checkout/payment-services.js';
import { newId } from './infra/id.js';
import type { Logger } from './infra/logger.js';
import { checkReadiness } from './infra/readiness.js';
import type { RedisClient } from './infra/redis.js';
import { sendJson } from './infra/send-json.js';
import { createRestHandler } from './rest/rest-handler.js';
import type { Context } from './trpc.js';

export type HttpServerOptions = {
  /** The app router; tests pass routers built from the same procedures. */
  router: AnyTRPCRouter;
  database: Database;
  redis: RedisClient;
  logger: Logger;
  config: Context['config'];
  identity: IdentityServices;
  payments?: PaymentServices | undefined;
  /**
   * Plain HTTP routes that cannot be tRPC (provider notifications, JWKS). Returns true when it
   * handled the request.
   */
  routes?: ((req: IncomingMessage, res: ServerResponse, requestId: string) => boolean) | undefined;
};

export type HttpServer = {
  server: http.Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight requests finish (up to timeoutMs), then closes the rest. */
  close(timeoutMs: number): Promise<void>;
  inFlight(): number;
};

// Without a limit a body is buffered whole: one anonymous POST could exhaust memory.
const MAX_BODY_BYTES = 1_000_000;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function firstHeader(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(',')[0]?.trim() || undefined;
}

/** The address our trusted proxy appended: the last X-Forwarded-For entry (earlier ones are
 * whatever the client sent, so believing them would let anyone pick their rate-limit bucket). */
function forwardedFor(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value.join(',') : value;
  const last = joined?.split(',').pop()?.trim();
  return last || undefined;
}

/** The client address and scheme; forwarded headers are believed only behind a trusted proxy
 * (exactly one hop, which sets X-Forwarded-Proto and appends to X-Forwarded-For). */
function clientOf(req: IncomingMessage, trustProxy: boolean): { ip: string; secure: boolean } {
  const direct = req.socket.remoteAddress ?? 'unknown';
  const encrypted = (req.socket as TLSSocket).encrypted === true;
  if (!trustProxy) return { ip: direct, secure: encrypted };
  return {
    ip: forwardedFor(req.headers['x-forwarded-for']) ?? direct,
    secure: encrypted || firstHeader(req.headers['x-forwarded-proto']) === 'https',
  };
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { database, redis, logger } = options;
  const requestIds = new WeakMap<IncomingMessage, string>();
  let shuttingDown = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  /** The one way a request's context is built: tRPC and the REST routes get the same. */
  const contextFor = (req: IncomingMessage, res: ServerResponse): Context => {
    const requestId = requestIds.get(req) ?? newId('req');
    return {
      requestId,
      logger: logger.child({ requestId }),
      db: database.db,
      redis,
      principal: { kind: 'anonymous' },
      headers: req.headers,
      res,
      config: options.config,
      ...clientOf(req, options.identity.config.trustProxy),
      identity: options.identity,
      payments: options.payments,
    };
  };

  const trpcHandler = createHTTPHandler({
    router: options.router,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, res }) => contextFor(req, res),
  });
  const rest = createRestHandler({ router: options.router, maxBodyBytes: MAX_BODY_BYTES });

  const server = http.createServer((req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    const incoming = req.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : newId('req');
    requestIds.set(req, requestId);
    res.setHeader('x-request-id', requestId);
    res.setHeader('x-content-type-options', 'nosniff');
    if (shuttingDown) res.setHeader('connection', 'close');

    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/health') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (path === '/ready') {
      if (shuttingDown) {
        sendJson(res, 503, { status: 'shutting_down' });
        return;
      }
      checkReadiness({ database, redis }).then(
        (readiness) =>
          sendJson(res, readiness.ok ? 200 : 503, {
            status: readiness.ok ? 'ok' : 'unavailable',
            checks: readiness.checks,
          }),
        (error: unknown) => {
          logger.error({ err: error, requestId }, 'readiness check crashed');
          sendJson(res, 503, { status: 'unavailable' });
        },
      );
      return;
    }
    if (path.startsWith('/trpc/')) {
      // Mutations must be JSON: a cross-site page can only send JSON after a CORS preflight it
      // will not get, so no form or simple fetch from another site can mutate with our cookies.
      const contentType = req.headers['content-type'] ?? '';
      if (req.method === 'POST' && !/^application\/json\b/i.test(contentType)) {
        sendJson(res, 415, {
          error: {
            code: 'content_type_invalid',
            message: 'Send mutations as application/json.',
            requestId,
          },
        });
        return;
      }
      trpcHandler(req, res);
      return;
    }
    if (rest.handles(path)) {
      rest.handle(req, res, contextFor(req, res));
      return;
    }
    if (options.routes?.(req, res, requestId)) return;
    sendJson(res, 404, {
      error: { code: 'not_found', message: 'No such route.', requestId },
    });
  });
  server.keepAliveTimeout = 5_000;

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close(timeoutMs) {
      shuttingDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const drained = new Promise<void>((resolve) => {
          idle = resolve;
        });
        const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
        await Promise.race([drained, timer]);
        if (inFlight > 0) logger.warn({ inFlight }, 'shutdown timeout: closing open requests');
      }
      server.closeAllConnections();
      await closed;
    },
    inFlight: () => inFlight,
  };
}

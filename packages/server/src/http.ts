import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { AnyTRPCRouter } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import proxyAddr from 'proxy-addr';
import type { IdentityServices } from './auth/identity-services.js';
import type { Database } from './db/client.js';
import type { PaymentServices } from './domains/checkout/payment-services.js';
import { appendMerchantLog } from './domains/logs/merchant-log.js';
import { newId } from './infra/id.js';
import type { Logger } from './infra/logger.js';
import { checkReadiness } from './infra/readiness.js';
import type { RedisClient } from './infra/redis.js';
import { sendJson } from './infra/send-json.js';
import { plainErrorBody } from './rest/error-body.js';
import { ERROR_REFERENCE_PATH, renderErrorReference } from './rest/error-reference.js';
import { createRestHandler } from './rest/rest-handler.js';
import { handleOrdersExport, ORDERS_EXPORT_PATH } from './routers/orders-export-route.js';
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

/**
 * The client address and scheme. Forwarded headers count only on a connection from one of our
 * proxies (TRUST_PROXY): X-Forwarded-For is walked from the right past trusted hops (Express /
 * proxy-addr semantics), so entries a client wrote itself are never believed; X-Forwarded-Proto
 * only when the socket is a trusted proxy.
 */
function clientOf(
  req: IncomingMessage,
  trust: (address: string, hop: number) => boolean,
): { ip: string; socketAddress: string; secure: boolean } {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  const encrypted = (req.socket as TLSSocket).encrypted === true;
  if (socketAddress === 'unknown' || !trust(socketAddress, 0)) {
    return { ip: socketAddress, socketAddress, secure: encrypted };
  }
  return {
    ip: proxyAddr(req, trust),
    socketAddress,
    secure: encrypted || firstHeader(req.headers['x-forwarded-proto']) === 'https',
  };
}

/** Two years, subdomains too: browsers then never speak plain http to us again. */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { database, redis, logger } = options;
  const requestIds = new WeakMap<IncomingMessage, string>();
  const apiCallers = new WeakMap<IncomingMessage, NonNullable<Context['apiCaller']>>();
  const clients = new WeakMap<IncomingMessage, ReturnType<typeof clientOf>>();
  const clientFor = (req: IncomingMessage): ReturnType<typeof clientOf> => {
    let client = clients.get(req);
    if (!client) {
      client = clientOf(req, options.identity.config.trustProxy);
      clients.set(req, client);
    }
    return client;
  };
  let shuttingDown = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  /** The one way a request's context is built: tRPC and the REST routes get the same. */
  const contextFor = (req: IncomingMessage, res: ServerResponse): Context => {
    const requestId = requestIds.get(req) ?? newId('req');
    return {
      requestId,
      apiCaller: apiCallers.get(req) ?? {},
      logger: logger.child({ requestId }),
      db: database.db,
      redis,
      principal: { kind: 'anonymous' },
      headers: req.headers,
      res,
      config: options.config,
      ...clientFor(req),
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

  let errorReference: string | undefined;
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
    const apiCaller: NonNullable<Context['apiCaller']> = {};
    apiCallers.set(req, apiCaller);
    const started = Date.now();
    res.on('finish', () => {
      const scope = apiCaller.merchant;
      if (!scope) return;
      appendMerchantLog({
        redis,
        scope,
        entry: {
          kind: 'request',
          time: new Date(started).toISOString(),
          method: req.method ?? 'GET',
          // Never the query string: a tRPC GET carries its input there.
          path: (req.url ?? '/').split('?')[0] ?? '/',
          status: res.statusCode,
          durationMs: Date.now() - started,
          requestId,
        },
      }).catch((error: unknown) =>
        logger.warn({ err: error, requestId }, 'could not append to the merchant log'),
      );
    });
    if (logger.isLevelEnabled('debug')) {
      // The URL may carry a bearer (a checkout token in a query's input): the logger scrubs it.
      res.on('finish', () =>
        logger.debug(
          {
            requestId,
            method: req.method,
            url: req.url,
            status: res.statusCode,
            ms: Date.now() - started,
          },
          'request',
        ),
      );
    }
    res.setHeader('x-content-type-options', 'nosniff');
    // Browsers ignore HSTS over plain http, and a client cannot fake https here: only our
    // proxies' X-Forwarded-Proto counts.
    if (clientFor(req).secure) {
      res.setHeader('strict-transport-security', HSTS_VALUE);
    }
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
    if (path === ERROR_REFERENCE_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      errorReference ??= renderErrorReference();
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'public, max-age=300',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(req.method === 'HEAD' ? undefined : errorReference);
      return;
    }
    if (path.startsWith('/trpc/')) {
      // Mutations must be JSON: a cross-site page can only send JSON after a CORS preflight it
      // will not get, so no form or simple fetch from another site can mutate with our cookies.
      const contentType = req.headers['content-type'] ?? '';
      if (req.method === 'POST' && !/^application\/json\b/i.test(contentType)) {
        sendJson(
          res,
          415,
          plainErrorBody({
            code: 'content_type_invalid',
            message: 'Send mutations as application/json.',
            requestId,
            docsUrl: options.config.docsUrl,
          }),
        );
        return;
      }
      trpcHandler(req, res);
      return;
    }
    if (path === ORDERS_EXPORT_PATH && req.method === 'GET') {
      void handleOrdersExport(req, res, contextFor(req, res));
      return;
    }
    if (rest.handles(path)) {
      rest.handle(req, res, contextFor(req, res));
      return;
    }
    if (options.routes?.(req, res, requestId)) return;
    sendJson(
      res,
      404,
      plainErrorBody({
        code: 'not_found',
        message: 'No such route.',
        requestId,
        docsUrl: options.config.docsUrl,
      }),
    );
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

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AnyTRPCRouter, TRPCError } from '@trpc/server';
import { AppError } from '../errors.js';
import { readBody } from '../infra/read-body.js';
import { sendJson } from '../infra/send-json.js';
import { type Context, createCallerFactory } from '../trpc.js';
import { VERSION } from '../version.js';
import { restError } from './error-body.js';
import { buildOpenApiDocument } from './openapi.js';
import { queryInput } from './query-input.js';
import { type ResolvedRoute, resolveRoutes } from './resolve-routes.js';
import { MERCHANT_REST_ROUTES, type RestRoute } from './routes.js';

export const OPENAPI_PATH = '/openapi.json';

export type RestHandler = {
  /** Whether a request path belongs to the REST surface (`/v1/…` and the document). */
  handles(path: string): boolean;
  /** Answers the request; never throws, never answers 500 for bad input. */
  handle(req: IncomingMessage, res: ServerResponse, ctx: Context): void;
};

/** A tRPC caller walked by a dotted path (`orders.create`); tRPC's types cannot name it. */
type CallerNode = ((input?: unknown) => Promise<unknown>) & {
  readonly [key: string]: CallerNode | undefined;
};

function isJsonContentType(value: string | undefined): boolean {
  return /^application\/json\b/i.test(value ?? '');
}

/** A JSON object body (an absent body is `{}`: `POST /v1/orders/{id}/cancel` needs none). */
async function readJsonObject(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError('payload_too_large', { details: { maxBytes } });
  }
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    throw new AppError('content_type_invalid');
  }
  const text = await readBody(req, maxBytes);
  if (text.trim() === '') return {};
  if (contentType === undefined) throw new AppError('content_type_invalid');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('json_invalid');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppError('validation_failed', {
      message: 'The body must be a JSON object.',
      field: '(root)',
    });
  }
  return parsed as Record<string, unknown>;
}

function pathParamsOf(route: ResolvedRoute, path: string): Record<string, string> {
  const match = route.pattern.exec(path);
  const params: Record<string, string> = {};
  route.pathParams.forEach((name, index) => {
    const raw = match?.[index + 1] ?? '';
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      // A malformed escape is left as sent; the field's schema refuses it by name.
      params[name] = raw;
    }
  });
  return params;
}

/**
 * The merchant procedures as plain JSON over HTTP. Each route calls its tRPC procedure through
 * a server-side caller with the request's own context, so the policy middleware, rate limits,
 * zod input and output schemas, idempotency and error formatter are the very same as over
 * `/trpc`; this file only translates HTTP to input and results to HTTP.
 */
export function createRestHandler(options: {
  router: AnyTRPCRouter;
  maxBodyBytes: number;
  routes?: readonly RestRoute[];
}): RestHandler {
  const { router, maxBodyBytes } = options;
  const routes = resolveRoutes(router, options.routes ?? MERCHANT_REST_ROUTES);
  const createCaller = createCallerFactory(router);
  let document: unknown;

  async function run(
    route: ResolvedRoute,
    path: string,
    query: URLSearchParams,
    req: IncomingMessage,
    ctx: Context,
  ) {
    const params = pathParamsOf(route, path);
    // The path names the resource: a body or query that names another is overruled.
    const fields =
      route.method === 'GET'
        ? { ...queryInput(query, route.inputJson), ...params }
        : { ...(await readJsonObject(req, maxBodyBytes)), ...params };
    const caller = createCaller(ctx) as unknown as CallerNode;
    let node: CallerNode | undefined = caller;
    for (const key of route.procedure.split('.')) node = node?.[key];
    if (!node) throw new AppError('not_found', { internalMessage: route.procedure });
    return node(route.input ? fields : undefined);
  }

  function fail(
    res: ServerResponse,
    ctx: Context,
    error: unknown,
    route: ResolvedRoute | undefined,
    headers: Record<string, string> = {},
  ) {
    const { status, body } = restError({
      router,
      error,
      ctx,
      type: route?.type ?? 'unknown',
      path: route?.procedure,
      input: undefined,
    });
    if (status >= 500 && !(error instanceof TRPCError)) {
      // Failures inside a procedure were logged by its error boundary; this one happened here.
      ctx.logger.error({ err: error, path: route?.path }, 'REST request failed');
    }
    if (res.headersSent) return;
    // A body we stopped reading must not be taken for the next request on this connection.
    const close = error instanceof AppError && error.code === 'payload_too_large';
    sendJson(res, status, body, close ? { ...headers, connection: 'close' } : headers);
  }

  return {
    handles(path) {
      return path === OPENAPI_PATH || path === '/v1' || path.startsWith('/v1/');
    },

    handle(req, res, ctx) {
      // The raw path, as http.ts routed it (a URL object would resolve `..` and `//` first).
      const target = req.url ?? '/';
      const mark = target.indexOf('?');
      const path = mark < 0 ? target : target.slice(0, mark);
      const search = mark < 0 ? '' : target.slice(mark + 1);
      const method = req.method ?? 'GET';
      if (path === OPENAPI_PATH) {
        if (method !== 'GET' && method !== 'HEAD') {
          fail(res, ctx, new AppError('method_not_allowed'), undefined, { allow: 'GET' });
          return;
        }
        document ??= buildOpenApiDocument({ routes, version: VERSION });
        // Public and the same for everyone until a deploy: caches may keep it a while.
        sendJson(res, 200, document, { 'cache-control': 'public, max-age=300' });
        return;
      }
      const candidates = routes.filter((r) => r.pattern.test(path));
      if (candidates.length === 0) {
        fail(res, ctx, new AppError('not_found', { message: 'No such route.' }), undefined);
        return;
      }
      const route = candidates.find((r) => r.method === method);
      if (!route) {
        const allow = candidates.map((r) => r.method).join(', ');
        fail(res, ctx, new AppError('method_not_allowed'), undefined, { allow });
        return;
      }
      run(route, path, new URLSearchParams(search), req, ctx).then(
        (output) => {
          if (res.headersSent) return;
          if (route.signedDocument && isSignedDocument(output)) {
            const body = Buffer.from(output.body, 'utf8');
            res.writeHead(200, {
              'content-type': output.contentType,
              'content-length': String(body.length),
              'cache-control': 'no-store',
              'ducat-signature': output.signature,
            });
            res.end(body);
            return;
          }
          sendJson(res, 200, output);
        },
        (error: unknown) => fail(res, ctx, error, route),
      );
    },
  };
}

function isSignedDocument(
  value: unknown,
): value is { contentType: string; body: string; signature: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.contentType === 'string' &&
    typeof v.body === 'string' &&
    typeof v.signature === 'string'
  );
}

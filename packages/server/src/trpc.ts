import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { IdentityServices } from './auth/identity-services.js';
import type { Meta } from './auth/policy.js';
import type { Db, Tx } from './db/client.js';
import { isTransientDatabaseError } from './db/errors.js';
import type { Mode, StaffRole } from './db/schema/index.js';
import type { PaymentServices } from './domains/checkout/payment-services.js';
import { AppError, type ErrorCode, isAppError } from './errors.js';
import { runIdempotent } from './infra/idempotency.js';
import type { Logger } from './infra/logger.js';
import { isRedisUnavailableError, type RedisClient } from './infra/redis.js';

/**
 * Who is calling, as resolved by the authorisation middleware from the procedure's policy.
 * A merchant is identified by its JWT, whose key fixes the mode (test or live) of the call.
 */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'merchant'; merchantId: string; mode: Mode; credentialId: string }
  | { kind: 'shopper'; userId: string; sessionId: string }
  | {
      kind: 'staff';
      staffId: string;
      role: StaffRole;
      merchantId: string | null;
      sessionId: string;
    };

export type Context = {
  requestId: string;
  logger: Logger;
  db: Db;
  redis: RedisClient;
  principal: Principal;
  headers: IncomingHttpHeaders;
  /** Present for HTTP calls; lets procedures set response headers (e.g. Idempotent-Replayed). */
  res?: ServerResponse;
  config: {
    idempotencyTtlHours: number;
    /** IPN_TIMEOUT_MS for manual resends (absent in contexts built by hand: the default). */
    ipnTimeoutMs?: number;
    /** IPNs may go to loopback and private addresses (IPN_ALLOW_PRIVATE_NETWORKS). */
    ipnAllowPrivateNetworks?: boolean;
    /** The error reference errors link to (`docUrl`); absent: no link. */
    docsUrl?: string;
  };
  /** The caller's address (from X-Forwarded-For only on a connection from a TRUST_PROXY address). */
  ip: string;
  /** The address of the connection itself, whatever any header says. */
  socketAddress?: string;
  /** Whether the request reached us over https (decides Secure cookies under COOKIE_SECURE=auto). */
  secure: boolean;
  identity: IdentityServices;
  /** Orders, checkout, refunds and payouts (absent in servers built without them, e.g. tests). */
  payments?: PaymentServices | undefined;
  /**
   * Filled by the authorisation middleware with the merchant a JWT authenticated, so the HTTP
   * layer can put the request in that merchant's log (`ducat logs tail`) once it is answered.
   */
  apiCaller?: { merchant?: { merchantId: string; mode: Mode } };
};

export type ErrorData = {
  code: ErrorCode;
  httpStatus: number;
  requestId?: string;
  field?: string;
  issues?: { path: string; message: string }[];
  details?: Record<string, unknown>;
  /** The section of the error reference about this code. */
  docUrl?: string;
};

/** A lost database or Redis is back within a second or two in every fault the chaos suite runs. */
const RETRY_AFTER_SECONDS = 1;

const TRPC_TO_CODE: Partial<Record<TRPCError['code'], ErrorCode>> = {
  BAD_REQUEST: 'bad_request',
  PARSE_ERROR: 'bad_request',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  METHOD_NOT_SUPPORTED: 'bad_request',
  CONFLICT: 'conflict',
  UNPROCESSABLE_CONTENT: 'unprocessable',
  TOO_MANY_REQUESTS: 'rate_limited',
  PAYLOAD_TOO_LARGE: 'bad_request',
};

function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(root)';
}

// Procedure metadata carries each procedure's access policy (see auth/policy.ts).
const withMeta = initTRPC.context<Context>().meta<Meta>();

const t = withMeta.create({
  /**
   * The one place errors are shaped for the wire: a stable code, a safe message, the request id,
   * the fields at fault. Internals (stack, SQL, unknown messages) never leave the server.
   */
  errorFormatter({ shape, error, ctx }) {
    const requestId = ctx?.requestId;
    const cause = error.cause;
    let message: string;
    let data: ErrorData;
    if (isAppError(cause)) {
      message = cause.userMessage;
      data = {
        code: cause.code,
        httpStatus: cause.status,
        ...(cause.field ? { field: cause.field } : {}),
        ...(cause.details ? { details: cause.details } : {}),
      };
    } else if (cause instanceof ZodError) {
      const issues = cause.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
      message = `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
      data = {
        code: 'validation_failed',
        httpStatus: 400,
        issues,
        ...(issues[0] ? { field: issues[0].path } : {}),
      };
    } else if (error.code === 'INTERNAL_SERVER_ERROR') {
      message = 'An unexpected error occurred.';
      data = { code: 'internal_error', httpStatus: 500 };
    } else {
      message = error.message;
      data = { code: TRPC_TO_CODE[error.code] ?? 'bad_request', httpStatus: shape.data.httpStatus };
    }
    const docsUrl = ctx?.config.docsUrl;
    return {
      ...shape,
      message,
      data: {
        ...data,
        ...(docsUrl ? { docUrl: errorDocUrl(docsUrl, data.code) } : {}),
        ...(requestId ? { requestId } : {}),
        path: shape.data.path,
        trpcCode: shape.data.code,
      },
    };
  },
});

/** The section of the error reference about one code: its anchor is the code itself. */
export function errorDocUrl(docsUrl: string, code: string): string {
  return `${docsUrl}#${code}`;
}

/**
 * Maps domain errors to transport errors and logs the unexpected ones with the request id: the
 * only log line that carries their internals.
 */
const errorBoundary = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (isAppError(cause)) {
    if (cause.status >= 500) {
      ctx.logger.error({ err: cause, path, type, code: cause.code }, 'request failed');
    }
    if (cause.status === 503) retryLater(ctx);
    throw new TRPCError({ code: cause.trpcCode, message: cause.userMessage, cause });
  }
  if (result.error.code === 'INTERNAL_SERVER_ERROR') {
    const dependency = isTransientDatabaseError(cause)
      ? 'database'
      : isRedisUnavailableError(cause)
        ? 'redis'
        : undefined;
    if (dependency) {
      ctx.logger.warn({ err: cause, path, type, dependency }, `${dependency} unavailable`);
      retryLater(ctx);
      const unavailable = new AppError('service_unavailable', { cause });
      throw new TRPCError({
        code: unavailable.trpcCode,
        message: unavailable.userMessage,
        cause: unavailable,
      });
    }
    ctx.logger.error({ err: cause ?? result.error, path, type }, 'unhandled error');
  }
  return result;
});

/** A 503 tells the client when to come back (whole seconds), unless something set it already. */
function retryLater(ctx: Context): void {
  if (ctx.res && !ctx.res.headersSent && !ctx.res.hasHeader('retry-after')) {
    ctx.res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
  }
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;
export const publicProcedure = t.procedure.use(errorBoundary);

const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The caller's `Idempotency-Key` header, when sent. */
export function idempotencyKeyOf(ctx: Context): string | undefined {
  const header = ctx.headers[IDEMPOTENCY_HEADER];
  return Array.isArray(header) ? header[0] : header;
}

/** Runs under the key and flags a replayed answer with `Idempotent-Replayed: true`. */
async function underKey<T>(
  ctx: Context,
  options: { operation: string; scope: string; input: unknown },
  key: string,
  work: { run: (tx: Tx) => Promise<T> } | { outside: () => Promise<T> },
): Promise<T> {
  const result = await runIdempotent({
    db: ctx.db,
    scope: options.scope,
    key,
    operation: options.operation,
    input: options.input,
    ttlHours: ctx.config.idempotencyTtlHours,
    ...work,
  });
  if (result.replayed && ctx.res && !ctx.res.headersSent) {
    ctx.res.setHeader('Idempotent-Replayed', 'true');
  }
  return result.data;
}

/**
 * Runs a merchant-facing mutation under the caller's `Idempotency-Key` header (when sent): the
 * first result is stored and replayed, flagged with the `Idempotent-Replayed: true` header. The
 * mutation gets the transaction in which its result is recorded.
 */
export async function idempotent<T>(
  ctx: Context,
  options: { operation: string; scope: string; input: unknown },
  run: (tx: Tx) => Promise<T>,
): Promise<T> {
  const key = idempotencyKeyOf(ctx);
  if (key === undefined) return ctx.db.transaction(run);
  return underKey(ctx, options, key, { run });
}

/**
 * Like `idempotent`, for a mutation that calls another system (a provider) and opens its own short
 * transactions: no transaction is held while it runs (see `outside` in runIdempotent), so slow
 * providers cannot exhaust the connection pool.
 */
export async function idempotentCall<T>(
  ctx: Context,
  options: { operation: string; scope: string; input: unknown; key?: string | undefined },
  run: () => Promise<T>,
): Promise<T> {
  // The portal may send the key in the input (a browser form keeps it with the draft); the
  // header is the merchant API's way.
  const key = options.key ?? idempotencyKeyOf(ctx);
  if (key === undefined) return run();
  return underKey(ctx, options, key, { outside: run });
}

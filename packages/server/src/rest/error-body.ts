import type { AnyTRPCRouter } from '@trpc/server';
import { getErrorShape, getTRPCErrorFromUnknown } from '@trpc/server';
import { z } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.js';
import { type Context, errorDocUrl } from '../trpc.js';

const CODES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** The body of every REST refusal; the OpenAPI document publishes this very schema. */
export const ZRestError = z.object({
  error: z.object({
    // A string, not an enum, in the published schema: codes are never renamed but new ones are
    // added, and a generated client must not choke on a code newer than itself.
    code: z.string().meta({ description: 'A stable code (see errors.ts); switch on it.' }),
    message: z.string(),
    requestId: z.string(),
    /** The input field at fault (dotted path), when there is one. */
    field: z.string().optional(),
    /** Every schema violation, for `validation_failed`. */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** Machine-readable facts, e.g. `retryAfterMs`. */
    details: z.record(z.string(), z.unknown()).optional(),
    /** The section of the error reference about this code. */
    docUrl: z.string().optional(),
  }),
});
export type RestError = z.infer<typeof ZRestError>;

/**
 * A refusal written outside tRPC (the HTTP layer, plain routes): the same body a procedure's
 * refusal gets, its `docUrl` included, so no API error goes without its section of the docs.
 */
export function plainErrorBody(options: {
  code: ErrorCode;
  requestId: string;
  docsUrl: string | undefined;
  message?: string;
  field?: string | undefined;
}): RestError {
  const { code, docsUrl } = options;
  return {
    error: {
      code,
      message: options.message ?? new AppError(code).userMessage,
      requestId: options.requestId,
      ...(options.field ? { field: options.field } : {}),
      ...(docsUrl ? { docUrl: errorDocUrl(docsUrl, code) } : {}),
    },
  };
}

// What trpc.ts's error formatter returns, read back without trusting tRPC's loose types.
const ZFormatted = z.object({
  message: z.string(),
  data: z.object({
    code: z.enum(CODES),
    httpStatus: z.number().int(),
    field: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    docUrl: z.string().optional(),
  }),
});

/**
 * Shapes any error exactly as the tRPC transport does (the same formatter in trpc.ts, so the
 * same codes, statuses, messages and field paths), then re-dresses it as `{ error: {...} }`.
 */
export function restError(options: {
  router: AnyTRPCRouter;
  error: unknown;
  ctx: Context;
  type: 'query' | 'mutation' | 'unknown';
  path: string | undefined;
  input: unknown;
}): { status: number; body: RestError } {
  const { ctx } = options;
  const shape: unknown = getErrorShape({
    config: options.router._def._config,
    error: getTRPCErrorFromUnknown(options.error),
    type: options.type,
    path: options.path,
    input: options.input,
    ctx,
  });
  const parsed = ZFormatted.safeParse(shape);
  if (!parsed.success) {
    ctx.logger.error({ shape }, 'error formatter returned an unexpected shape');
    return {
      status: 500,
      body: plainErrorBody({
        code: 'internal_error',
        message: 'An unexpected error occurred.',
        requestId: ctx.requestId,
        docsUrl: ctx.config.docsUrl,
      }),
    };
  }
  const { message, data } = parsed.data;
  return {
    status: data.httpStatus,
    body: {
      error: {
        code: data.code,
        message,
        requestId: ctx.requestId,
        ...(data.field !== undefined ? { field: data.field } : {}),
        ...(data.issues ? { issues: data.issues } : {}),
        ...(data.details ? { details: data.details } : {}),
        ...(data.docUrl ? { docUrl: data.docUrl } : {}),
      },
    },
  };
}

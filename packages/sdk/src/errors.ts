/** One schema violation of a `validation_failed` refusal. */
export type ValidationIssue = { path: string; message: string };

export type DucatErrorInit = {
  code: string;
  message: string;
  /** HTTP status, when the error came from an HTTP answer. */
  status?: number | undefined;
  requestId?: string | undefined;
  field?: string | undefined;
  issues?: ValidationIssue[] | undefined;
  details?: Record<string, unknown> | undefined;
  /** The section of the platform's error reference about `code`. */
  docUrl?: string | undefined;
  /** The HTTP headers of the answer, when there was one. */
  headers?: Headers | undefined;
  cause?: unknown;
};

/**
 * The base of every error the SDK throws. `code` is the platform's stable code (switch on it,
 * never on the message), `status` the HTTP status and `requestId` the id to quote to support.
 *
 * @example
 * try {
 *   await ducat.orders.get('ord_…');
 * } catch (error) {
 *   if (error instanceof DucatError) console.error(error.code, error.status, error.requestId);
 *   throw error;
 * }
 */
export class DucatError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly field: string | undefined;
  readonly issues: ValidationIssue[] | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly docUrl: string | undefined;
  readonly headers: Headers | undefined;

  constructor(init: DucatErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.field = init.field;
    this.issues = init.issues;
    this.details = init.details;
    this.docUrl = init.docUrl;
    this.headers = init.headers;
  }
}

/**
 * The credentials were refused (401): a wrong or revoked key, a wrong merchant id, a clock far
 * off (`jwt_not_yet_valid`, `jwt_expired`).
 *
 * @example
 * if (error instanceof AuthenticationError) alertOps(`Ducat key refused: ${error.code}`);
 */
export class AuthenticationError extends DucatError {}

/**
 * Authenticated but not allowed (403), e.g. `merchant_inactive`.
 *
 * @example
 * if (error instanceof PermissionError) console.error('merchant not active', error.requestId);
 */
export class PermissionError extends DucatError {}

/**
 * The request itself is wrong (400, 405, 413, 415, 422): `field` names the input at fault and
 * `issues` lists every schema violation. Retrying the same request gives the same answer.
 *
 * @example
 * if (error instanceof InvalidRequestError) form.showError(error.field, error.message);
 */
export class InvalidRequestError extends DucatError {}

/**
 * No such resource (404), e.g. `order_not_found` (also for another merchant's order).
 *
 * @example
 * if (error instanceof NotFoundError) return null;
 */
export class NotFoundError extends DucatError {}

/**
 * The resource is not in a state that allows this (409), e.g. `order_reference_taken`,
 * `order_not_cancellable`, `order_not_refundable`.
 *
 * @example
 * if (error instanceof ConflictError && error.code === 'order_reference_taken') reuseOrder();
 */
export class ConflictError extends DucatError {}

/**
 * An idempotency key problem: `idempotency_key_reused` (the same key with other parameters: a
 * bug in the caller), `idempotency_key_in_use` (still running after every retry) or
 * `idempotency_key_invalid`.
 *
 * @example
 * if (error instanceof IdempotencyError) console.error('key reused with a different body');
 */
export class IdempotencyError extends ConflictError {}

/**
 * Too many requests (429) after every retry. `retryAfterMs` says when to come back.
 *
 * @example
 * if (error instanceof RateLimitError) await sleep(error.retryAfterMs ?? 1_000);
 */
export class RateLimitError extends DucatError {
  get retryAfterMs(): number | undefined {
    const fromDetails = this.details?.retryAfterMs;
    if (typeof fromDetails === 'number') return fromDetails;
    return retryAfterFromHeaders(this.headers);
  }
}

/**
 * The platform failed (5xx) after every retry, or answered something the SDK cannot read.
 * Mutations carried an idempotency key: retrying them later with the same key is safe.
 *
 * @example
 * if (error instanceof APIError) queueForLater(order, error.requestId);
 */
export class APIError extends DucatError {}

/**
 * No answer: the network failed or the request timed out (`code` is `connection_failed` or
 * `timeout`) after every retry. Whether a mutation happened is unknown: retry it with the same
 * idempotency key.
 *
 * @example
 * if (error instanceof ConnectionError) await retryLater({ idempotencyKey });
 */
export class ConnectionError extends DucatError {}

/**
 * An IPN or a return redirect failed verification. `code` is one of `signature_missing`,
 * `signature_malformed`, `timestamp_out_of_tolerance`, `signature_mismatch`, `payload_invalid`.
 * Answer 400 and do nothing else.
 *
 * @example
 * if (error instanceof SignatureVerificationError) return new Response(error.code, { status: 400 });
 */
export class SignatureVerificationError extends DucatError {}

const IDEMPOTENCY_CODES = new Set([
  'idempotency_key_reused',
  'idempotency_key_in_use',
  'idempotency_key_invalid',
]);

/** Retry-After in milliseconds (seconds or an HTTP date), if the answer carried one. */
export function retryAfterFromHeaders(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The error class for a refusal, by stable code first, then by HTTP status. */
export function errorClassFor(code: string, status: number): typeof DucatError {
  if (IDEMPOTENCY_CODES.has(code)) return IdempotencyError;
  if (code === 'rate_limited' || status === 429) return RateLimitError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status >= 400 && status < 500) return InvalidRequestError;
  return APIError;
}

type ErrorBody = {
  error?: {
    code?: unknown;
    message?: unknown;
    requestId?: unknown;
    field?: unknown;
    issues?: unknown;
    details?: unknown;
    docUrl?: unknown;
  };
};

function isIssues(value: unknown): value is ValidationIssue[] {
  return (
    Array.isArray(value) &&
    value.every(
      (i) =>
        typeof i === 'object' &&
        i !== null &&
        typeof (i as ValidationIssue).path === 'string' &&
        typeof (i as ValidationIssue).message === 'string',
    )
  );
}

/** The typed error for a non-2xx answer whose body was `body` (parsed JSON, or undefined). */
export function errorFromResponse(status: number, headers: Headers, body: unknown): DucatError {
  const e =
    (typeof body === 'object' && body !== null ? (body as ErrorBody).error : undefined) ?? {};
  const code = typeof e.code === 'string' ? e.code : status >= 500 ? 'api_error' : `http_${status}`;
  const requestId =
    typeof e.requestId === 'string' ? e.requestId : (headers.get('x-request-id') ?? undefined);
  const ErrorClass = errorClassFor(code, status);
  return new ErrorClass({
    code,
    message: typeof e.message === 'string' ? e.message : `HTTP ${status}`,
    status,
    requestId,
    field: typeof e.field === 'string' ? e.field : undefined,
    issues: isIssues(e.issues) ? e.issues : undefined,
    details:
      typeof e.details === 'object' && e.details !== null
        ? (e.details as Record<string, unknown>)
        : undefined,
    docUrl: typeof e.docUrl === 'string' ? e.docUrl : undefined,
    headers,
  });
}

/**
 * The error of a tRPC error body (`{ message, data }`: the stable code, field, docUrl and the
 * rest are in `data`), as the typed error `errorFromResponse` makes of a REST one.
 */
export function errorFromTrpcError(
  status: number,
  headers: Headers,
  error: { message?: unknown; data?: Record<string, unknown> } | undefined,
): DucatError {
  return errorFromResponse(status, headers, {
    error: { ...(error?.data ?? {}), message: error?.message },
  });
}

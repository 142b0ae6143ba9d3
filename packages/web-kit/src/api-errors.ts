import { TRPCClientError } from '@trpc/client';

/** What a page shows of a failed API call: the stable code, the user-safe message, the field. */
export type ApiErrorInfo = {
  code: string;
  message: string;
  field?: string;
  /** The HTTP status the API answered with (400s: the request, 500s: the platform). */
  httpStatus?: number;
  requestId?: string;
  details?: Record<string, unknown>;
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The API's error (`data.code`, `data.field`, `data.requestId`, the safe message) out of anything
 * a call threw; a network failure or anything unexpected becomes `network_error` /
 * `unexpected_error` with a message fit for a person.
 *
 * @example
 * try { await client.account.logIn.mutate(input) } catch (e) { setError(apiErrorOf(e)) }
 */
export function apiErrorOf(error: unknown): ApiErrorInfo {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    const record =
      typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    const code = text(record.code);
    if (!code) {
      return {
        code: 'network_error',
        message: 'Ducat could not be reached. Check your connection and try again.',
      };
    }
    const field = text(record.field);
    const httpStatus = typeof record.httpStatus === 'number' ? record.httpStatus : undefined;
    const requestId = text(record.requestId);
    const details =
      typeof record.details === 'object' && record.details !== null
        ? (record.details as Record<string, unknown>)
        : undefined;
    return {
      code,
      message: error.message,
      ...(field ? { field } : {}),
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      ...(requestId ? { requestId } : {}),
      ...(details ? { details } : {}),
    };
  }
  return { code: 'unexpected_error', message: 'Something went wrong. Please try again.' };
}

/** The error's stable code, or undefined when the call did not fail with an API error. */
export function apiErrorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? apiErrorOf(error).code : undefined;
}

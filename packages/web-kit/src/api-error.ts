/** What the UI shows of a failed API call: the server's user-safe message and its stable code. */
export type ApiErrorInfo = {
  message: string;
  /** The stable error code (`forbidden`, `validation_failed`, …), when the API sent one. */
  code: string | undefined;
  /** The input field the error is about, when there is one. */
  field: string | undefined;
  /** Quote it to support: it finds the request in the server's logs. */
  requestId: string | undefined;
  httpStatus: number | undefined;
};

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'number' ? field : undefined;
}

/**
 * Reads a tRPC client error (or anything thrown) into what a page shows. The API's messages are
 * written for users; a network failure gets a generic one.
 */
export function apiErrorOf(error: unknown): ApiErrorInfo {
  const data =
    typeof error === 'object' && error !== null
      ? (error as Record<string, unknown>).data
      : undefined;
  const message =
    error instanceof Error && error.message && !/^fetch failed|Failed to fetch/i.test(error.message)
      ? error.message
      : 'The Ducat API could not be reached. Try again.';
  return {
    message,
    code: stringField(data, 'code'),
    field: stringField(data, 'field'),
    requestId: stringField(data, 'requestId'),
    httpStatus: numberField(data, 'httpStatus'),
  };
}

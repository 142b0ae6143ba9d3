const ER_DUP_ENTRY = 1062;

/** A unique-index violation, however deep drizzle wrapped the driver error. */
export function isDuplicateKey(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { errno?: number }).errno === ER_DUP_ENTRY) return true;
  }
  return false;
}

/** The driver's error number (1213 deadlock, 1205 lock wait timeout, …), however deep it sits. */
export function errnoOf(error: unknown): number | undefined {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const errno = (e as { errno?: unknown }).errno;
    if (typeof errno === 'number') return errno;
  }
  return undefined;
}

/** Rows changed by an UPDATE or DELETE (drizzle on mysql2 returns `[ResultSetHeader, …]`). */
export function affectedRows(result: unknown): number {
  const header = Array.isArray(result) ? result[0] : result;
  return Number((header as { affectedRows?: number } | undefined)?.affectedRows ?? 0);
}

const TRANSIENT_ERRNOS = new Set([1040 /* too many connections */, 1205 /* lock wait timeout */]);
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'PROTOCOL_CONNECTION_LOST',
  'ETIMEDOUT',
]);

/** The database is overloaded or unreachable: worth a retry, not a bug (answered 503, not 500). */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { errno, code } = e as { errno?: unknown; code?: unknown };
    if (typeof errno === 'number' && TRANSIENT_ERRNOS.has(errno)) return true;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  }
  return false;
}

const ER_DUP_ENTRY = 1062;

/** A unique-index violation, however deep drizzle wrapped the driver error. */
export function isDuplicateKey(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { errno?: number }).errno === ER_DUP_ENTRY) return true;
  }
  return false;
}

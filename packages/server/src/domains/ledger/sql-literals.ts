import { escape as escapeLiteral } from 'mysql2';

/**
 * SQL literals for the ledger writer's multi-row statements, built as one string per statement.
 *
 * Why not mysql2's `?` placeholders: formatting a batch's ~15,000 values through them was the
 * largest single cost of the writer in Node (type dispatch and a regex per value). Here numbers
 * are printed as they are, and a string goes through mysql2's own `escape` only when it holds a
 * character that matters inside a single-quoted literal; ids and keys almost never do.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL and Ctrl-Z are exactly what it must find
const UNSAFE_IN_QUOTES = /[\0\n\r\x1a'\\]/;

export function sqlString(value: string): string {
  return UNSAFE_IN_QUOTES.test(value) ? escapeLiteral(value) : `'${value}'`;
}

export function sqlNullableString(value: string | null): string {
  return value === null ? 'NULL' : sqlString(value);
}

/** An integer the ledger computed (amounts, balances, sequence numbers). */
export function sqlInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
  return String(value);
}

export function sqlNullableInt(value: number | null): string {
  return value === null ? 'NULL' : sqlInt(value);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, as DATETIME(3) wants it (a bulk row's cell or a literal's text). */
export function sqlTime(date: Date | null): string | null {
  return date === null ? null : date.toISOString().slice(0, 23).replace('T', ' ');
}

/** A comma-separated list of string literals, for `IN (…)`. */
export function sqlStringList(values: Iterable<string>): string {
  let out = '';
  for (const value of values) out += out === '' ? sqlString(value) : `,${sqlString(value)}`;
  return out;
}

/**
 * Pass as the values of a query whose SQL text is complete: with `null` (unlike no values at all)
 * mysql2 skips its placeholder scan, which over a batch's ~500 KB of SQL cost about 2 ms.
 */
export const NO_PLACEHOLDERS = null;

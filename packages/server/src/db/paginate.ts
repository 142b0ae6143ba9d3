import { and, asc, desc, eq, getTableColumns, gt, lt, or, type SQL, sql } from 'drizzle-orm';
import type { MySqlColumn, MySqlTable } from 'drizzle-orm/mysql-core';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { DbOrTx } from './client.js';

/**
 * Server-side tables for the portals: every list takes `{ cursor?, limit?, sort?: { field, dir } }`
 * and answers `{ items, nextCursor }`. Sorting is on a whitelisted set of columns (each list names
 * its own), always with the id as the tie-breaker, and pages are keyset pages (`WHERE (col, id) <
 * (v, id)`), so a page deep in a large table costs the same as the first and rows inserted
 * meanwhile neither repeat nor vanish. A cursor is bound to the sort it was made under: a cursor
 * from another sort is refused (`validation_failed`, field `cursor`) rather than silently
 * paging something else.
 */
export const SORT_DIRS = ['asc', 'desc'] as const;
export type SortDir = (typeof SORT_DIRS)[number];
export type Sort<F extends string = string> = { field: F; dir: SortDir };
export type PageRequest<F extends string = string> = {
  limit: number;
  cursor?: string | undefined;
  sort: Sort<F>;
};
export type Page<T> = { items: T[]; nextCursor: string | null };
/** How many rows match a list's filter, counted up to `COUNT_CAP` (`capped`: there are more). */
export type PageTotal = { total: number; totalCapped: boolean };

/**
 * Counting stops here: a portal table says "10,000+ results" rather than scanning a large table
 * to the end on every page (the count reads at most this many index entries).
 */
export const COUNT_CAP = 10_000;

/** The rows of `table` matching `where`, counted up to `cap` (default `COUNT_CAP`). */
export async function countMatching(options: {
  db: DbOrTx;
  table: MySqlTable;
  where: (SQL | undefined)[];
  cap?: number;
}): Promise<PageTotal> {
  const cap = options.cap ?? COUNT_CAP;
  const inner = options.db
    .select({ one: sql`1` })
    .from(options.table)
    .where(and(...options.where))
    .limit(cap + 1)
    .as('matching');
  const [row] = await options.db.select({ n: sql<number>`count(*)` }).from(inner);
  const n = Number(row?.n ?? 0);
  return { total: Math.min(n, cap), totalCapped: n > cap };
}

/** The zod fields of a list input: `cursor`, `limit` and `sort` over the given columns. */
export function listInputFields<const F extends readonly [string, ...string[]]>(
  fields: F,
  defaultSort: { field: F[number]; dir: SortDir },
) {
  return {
    cursor: z.string().max(400).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    sort: z
      .object({ field: z.enum(fields), dir: z.enum(SORT_DIRS).default('desc') })
      .default(defaultSort as { field: F[number]; dir: SortDir }),
  };
}

type CursorValue = { t: 'd' | 'n' | 's'; v: string | number };
type Cursor = { f: string; d: SortDir; k: CursorValue; id: string };

function cursorValueOf(value: unknown): CursorValue {
  if (value instanceof Date) return { t: 'd', v: value.getTime() };
  if (typeof value === 'number') return { t: 'n', v: value };
  if (typeof value === 'boolean') return { t: 'n', v: value ? 1 : 0 };
  return { t: 's', v: String(value ?? '') };
}

function sqlValueOf(value: CursorValue): unknown {
  return value.t === 'd' ? new Date(Number(value.v)) : value.v;
}

function badCursor(): AppError {
  return new AppError('validation_failed', {
    message: 'The cursor is not one this list returned with this sort.',
    field: 'cursor',
  });
}

/** The cursor that continues after `row` under `sort`. */
export function encodeCursor(sort: Sort, value: unknown, id: string): string {
  const cursor: Cursor = { f: sort.field, d: sort.dir, k: cursorValueOf(value), id };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Reads a cursor made by `encodeCursor` under the same sort; anything else is refused. */
export function decodeCursor(
  cursor: string,
  sort: Sort,
): { value: unknown; raw: CursorValue; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const shape = z
    .object({
      f: z.string(),
      d: z.enum(SORT_DIRS),
      k: z.object({ t: z.enum(['d', 'n', 's']), v: z.union([z.string(), z.number()]) }),
      id: z.string().max(64),
    })
    .safeParse(parsed);
  if (!shape.success || shape.data.f !== sort.field || shape.data.d !== sort.dir) {
    throw badCursor();
  }
  const { k, id } = shape.data;
  if (k.t === 'd' && !Number.isFinite(Number(k.v))) throw badCursor();
  return { value: sqlValueOf(k), raw: k, id };
}

/** `ORDER BY col dir, id dir` and, after a cursor, the keyset condition that continues it. */
export function keyset(options: {
  column: MySqlColumn;
  idColumn: MySqlColumn;
  sort: Sort;
  cursor?: string | undefined;
}): { where: SQL | undefined; orderBy: SQL[] } {
  const { column, idColumn, sort } = options;
  const by = sort.dir === 'asc' ? asc : desc;
  const past = sort.dir === 'asc' ? gt : lt;
  const orderBy = column === idColumn ? [by(idColumn)] : [by(column), by(idColumn)];
  if (!options.cursor) return { where: undefined, orderBy };
  const after = decodeCursor(options.cursor, sort);
  const where =
    column === idColumn
      ? past(idColumn, after.id)
      : or(past(column, after.value), and(eq(column, after.value), past(idColumn, after.id)));
  return { where, orderBy };
}

function compareValues(a: unknown, b: unknown): number {
  const x = cursorValueOf(a).v;
  const y = cursorValueOf(b).v;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

/** Orders rows as `keyset` sorts them (for merging pages of several tables). */
export function compareBy<R extends { id: string }>(
  sort: Sort,
  keyOf: (row: R) => unknown,
): (a: R, b: R) => number {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return (a, b) => {
    const c = compareValues(keyOf(a), keyOf(b));
    if (c !== 0) return sign * c;
    return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

/** The column of a table by its property name (a whitelisted sort field). */
export function columnOf(table: MySqlTable, field: string): MySqlColumn {
  const column = (getTableColumns(table) as Record<string, MySqlColumn | undefined>)[field];
  if (!column) {
    throw new AppError('validation_failed', {
      message: 'Unknown sort field.',
      field: 'sort.field',
    });
  }
  return column;
}

/**
 * One keyset page of a table: rows matching `where`, sorted by `sort` (a column of the table
 * named by its property) then by id, `limit` of them and the cursor of the next page.
 */
export async function pageOf<T extends MySqlTable, R>(options: {
  db: DbOrTx;
  table: T;
  where: (SQL | undefined)[];
  page: PageRequest;
  /** The row type of the table (drizzle cannot infer it through a generic table). */
  map: (row: Record<string, unknown>) => R;
  idField?: string;
}): Promise<{ rows: R[]; nextCursor: string | null }>;
export async function pageOf<T extends MySqlTable, R>(options: {
  db: DbOrTx;
  table: T;
  where: (SQL | undefined)[];
  page: PageRequest;
  map: (row: Record<string, unknown>) => R;
  idField?: string;
  /** Also count the rows matching `where` (capped: `countMatching`), in parallel with the page. */
  count: true;
}): Promise<{ rows: R[]; nextCursor: string | null } & PageTotal>;
export async function pageOf<T extends MySqlTable, R>(options: {
  db: DbOrTx;
  table: T;
  where: (SQL | undefined)[];
  page: PageRequest;
  map: (row: Record<string, unknown>) => R;
  idField?: string;
  count?: boolean;
}): Promise<{ rows: R[]; nextCursor: string | null } & Partial<PageTotal>> {
  const { table, page } = options;
  const column = columnOf(table, page.sort.field);
  const idColumn = columnOf(table, options.idField ?? 'id');
  const { where, orderBy } = keyset({ column, idColumn, sort: page.sort, cursor: page.cursor });
  const [raw, counted] = await Promise.all([
    options.db
      .select()
      .from(table as MySqlTable)
      .where(and(...options.where, where))
      .orderBy(...orderBy)
      .limit(page.limit + 1) as Promise<Record<string, unknown>[]>,
    options.count ? countMatching({ db: options.db, table, where: options.where }) : undefined,
  ]);
  const rows = raw.slice(0, page.limit);
  const last = rows[rows.length - 1];
  return {
    ...counted,
    rows: rows.map(options.map),
    nextCursor:
      raw.length > page.limit && last
        ? encodeCursor(page.sort, last[page.sort.field], String(last[options.idField ?? 'id']))
        : null,
  };
}

/**
 * Splits a list procedure's input into what list domain functions take: the page request, and
 * the filter with its optional `from` / `to` date-times as Dates.
 */
export function listArgs<
  S,
  I extends { cursor?: string | undefined; limit: number; sort: S; from?: string; to?: string },
>(
  input: I,
): {
  filter: Omit<I, 'cursor' | 'limit' | 'sort' | 'from' | 'to'> & {
    from: Date | undefined;
    to: Date | undefined;
  };
  page: { cursor: string | undefined; limit: number; sort: I['sort'] };
} {
  const { cursor, limit, sort, from, to, ...filter } = input;
  return {
    filter: {
      ...filter,
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
    },
    page: { cursor, limit, sort },
  };
}

import { Readable } from 'node:stream';
import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { errnoOf } from '../../db/errors.js';
import type { Logger } from '../../infra/logger.js';
import { NO_PLACEHOLDERS, sqlInt, sqlString } from './sql-literals.js';

/**
 * Many rows into one table in one statement: the ledger writer's transfers, postings and events.
 *
 * By default through `LOAD DATA LOCAL INFILE` fed from memory (tab-separated values, never a file
 * on disk): the server reads such rows without its SQL parser, which was the largest share of its
 * CPU for a batch sent as a multi-row `INSERT` (measured on MariaDB 10.11: a transfer row ~25 µs
 * as INSERT text, ~12-18 µs as loaded data). The driver sends only the buffer built here; it
 * never opens a file, whatever the server asks for.
 *
 * A local load cannot stop half-way, so the server treats every refused row (a duplicate key, a
 * failed CHECK, a value it had to truncate) as a warning and skips it. Here a load that skipped a
 * row or warned at all throws instead, with the first warning's code as its `errno` (1062 for a
 * duplicate key), exactly as the INSERT would have: the caller rolls the transaction back.
 *
 * A server that refuses local loads (`local_infile=OFF`, the default of MySQL 8) answers the
 * first one with an error: from then on this process sends multi-row INSERTs instead, in the same
 * transaction, and says so once in the log.
 */
export type Cell = string | number | null;

export type BulkRows = {
  insert(
    conn: PoolConnection,
    table: string,
    columns: readonly string[],
    rows: readonly (readonly Cell[])[],
  ): Promise<void>;
  /** How rows are sent now ('load' until the server refuses a local load). */
  mode(): 'load' | 'insert';
};

/** Refused rows of a local load, reported as the error the INSERT would have raised. */
export class RowsRejected extends Error {
  constructor(
    message: string,
    readonly errno: number | undefined,
  ) {
    super(message);
    this.name = 'RowsRejected';
  }
}

/** Server and client errors meaning "no local loads here". */
const LOCAL_LOAD_REFUSED = new Set([
  1148, // ER_NOT_ALLOWED_COMMAND: local_infile is off (MySQL 5.7, older MariaDB)
  4166, // ER_LOAD_INFILE_CAPABILITY_DISABLED (MariaDB 10.5+: the server or the client)
  3948, // ER_CLIENT_LOCAL_FILES_DISABLED (MySQL 8)
  2068, // CR_LOAD_DATA_LOCAL_INFILE_REJECTED
]);

// Inside a tab-separated field: the escape character itself and what would end a field or line.
const UNSAFE_IN_TSV = /[\\\t\n\r\0]/;
const UNSAFE_IN_TSV_ALL = /[\\\t\n\r\0]/g;
const TSV_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\\0',
};

function tsvCell(value: Cell): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return sqlInt(value);
  return UNSAFE_IN_TSV.test(value)
    ? value.replace(UNSAFE_IN_TSV_ALL, (c) => TSV_ESCAPES[c] as string)
    : value;
}

function sqlCell(value: Cell): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return sqlInt(value);
  return sqlString(value);
}

export function createBulkRows(options: { loadData?: boolean; logger: Logger }): BulkRows {
  let useLoad = options.loadData ?? true;

  async function insertText(
    conn: PoolConnection,
    table: string,
    columns: readonly string[],
    rows: readonly (readonly Cell[])[],
  ): Promise<void> {
    let values = '';
    for (const row of rows) {
      let tuple = '';
      for (const cell of row) tuple = tuple === '' ? sqlCell(cell) : `${tuple},${sqlCell(cell)}`;
      values = values === '' ? `(${tuple})` : `${values},(${tuple})`;
    }
    await conn.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`,
      NO_PLACEHOLDERS,
    );
  }

  async function load(
    conn: PoolConnection,
    table: string,
    columns: readonly string[],
    rows: readonly (readonly Cell[])[],
  ): Promise<void> {
    // Every line ends with its terminator: a last line ending in an empty field would
    // otherwise read as one field short.
    let body = '';
    for (const row of rows) {
      let line = '';
      for (let i = 0; i < row.length; i++) {
        line = i === 0 ? tsvCell(row[i] as Cell) : `${line}\t${tsvCell(row[i] as Cell)}`;
      }
      body += `${line}\n`;
    }
    const data = Buffer.from(body, 'utf8');
    const [header] = await conn.query<ResultSetHeader>({
      sql: `LOAD DATA LOCAL INFILE 'ducat-rows' INTO TABLE ${table} CHARACTER SET utf8mb4
              FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'
              (${columns.join(', ')})`,
      infileStreamFactory: () => Readable.from([data]),
    });
    if (header.affectedRows !== rows.length || header.warningStatus > 0) {
      const [warnings] = await conn.query<RowDataPacket[]>('SHOW WARNINGS LIMIT 1');
      const first = warnings[0] as { Code?: number; Message?: string } | undefined;
      throw new RowsRejected(
        `${table}: ${rows.length - header.affectedRows} of ${rows.length} rows refused (${
          first?.Message ?? `${header.warningStatus} warnings`
        })`,
        first?.Code,
      );
    }
  }

  return {
    async insert(conn, table, columns, rows) {
      if (rows.length === 0) return;
      if (useLoad) {
        try {
          await load(conn, table, columns, rows);
          return;
        } catch (error) {
          const errno = errnoOf(error);
          if (errno === undefined || !LOCAL_LOAD_REFUSED.has(errno)) throw error;
          useLoad = false;
          options.logger.warn(
            { errno },
            'the database refuses LOAD DATA LOCAL: the ledger writer sends multi-row INSERTs (slower; set local_infile=ON)',
          );
        }
      }
      await insertText(conn, table, columns, rows);
    },
    mode: () => (useLoad ? 'load' : 'insert'),
  };
}

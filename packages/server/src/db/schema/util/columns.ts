import { customType, datetime, mysqlEnum } from 'drizzle-orm/mysql-core';

/**
 * JSON stored so that it reads back the same on MySQL 8 (a native JSON type, which mysql2
 * parses) and MariaDB (where JSON is an alias of LONGTEXT, which mysql2 returns as a string).
 */
export const json = customType<{ data: unknown; driverData: string }>({
  dataType() {
    return 'json';
  },
  toDriver(value) {
    return JSON.stringify(value);
  },
  fromDriver(value) {
    return typeof value === 'string' ? JSON.parse(value) : value;
  },
});

/** Millisecond-precision UTC timestamps; the connection's time zone is pinned to UTC. */
export const timestampMs = (name: string) => datetime(name, { mode: 'date', fsp: 3 });

/**
 * JSON the application writes and reads itself, stored as text: no per-row validation or binary
 * conversion on write. For high-volume append-only rows (the outbox) where the server never
 * queries inside the document.
 */
export const jsonText = customType<{ data: unknown; driverData: string }>({
  dataType() {
    return 'mediumtext';
  },
  toDriver(value) {
    return JSON.stringify(value);
  },
  fromDriver(value) {
    return JSON.parse(value);
  },
});

/**
 * Test or live: every merchant-owned row carries the mode of the credential that created it, and
 * merchant API reads filter on the caller's mode, so test keys never see live data.
 */
export const MODES = ['test', 'live'] as const;
export type Mode = (typeof MODES)[number];
export const modeColumn = () => mysqlEnum('mode', MODES);

/**
 * An ASCII identifier compared byte for byte: prefixed ids (base58, where `a` and `A` differ) and
 * idempotency keys (printable ASCII, case-sensitive). The database default (utf8mb4, a
 * case-insensitive Unicode collation) would let two distinct keys collide and make every
 * comparison in the ledger's hottest indexes cost a Unicode weight lookup.
 */
export const asciiId = customType<{ data: string; driverData: string; config: { length: number } }>(
  {
    dataType(config) {
      return `varchar(${config?.length ?? 40}) CHARACTER SET ascii COLLATE ascii_bin`;
    },
  },
);

import { minorUnits } from '@ducat/currencies';
import type { DbOrTx } from '../../db/client.js';
import type { PortalOrder } from './list-orders-for-portal.js';
import { withNames } from './list-orders-for-portal.js';
import { type OrderFilter, searchOrderRows } from './search-orders.js';

/** Rows per database page: big enough to be quick, small enough that memory stays flat. */
export const EXPORT_PAGE_ROWS = 1_000;

const COLUMNS: [header: string, value: (o: PortalOrder) => string][] = [
  ['order_id', (o) => o.id],
  ['reference', (o) => o.reference],
  ['merchant_id', (o) => o.merchantId],
  ['merchant_name', (o) => o.merchantName],
  ['shopper_email', (o) => o.shopperEmail ?? ''],
  ['status', (o) => o.status],
  ['mode', (o) => o.mode],
  ['currency', (o) => o.currency],
  ['amount', (o) => decimalOf(o.amount, o.currency)],
  ['captured', (o) => decimalOf(o.capturedAmount, o.currency)],
  ['fee', (o) => decimalOf(o.feeAmount, o.currency)],
  ['refunded', (o) => decimalOf(o.refundedAmount, o.currency)],
  ['payment_method', (o) => o.paymentMethod ?? ''],
  ['created_at', (o) => o.createdAt],
  ['updated_at', (o) => o.updatedAt],
  ['final_at', (o) => o.finalAt ?? ''],
];

/**
 * An integer amount in minor units as a decimal string in its currency's exponent
 * (`1250 EUR` → `12.50`, `1250 JPY` → `1250`, `1250 KWD` → `1.250`): integer arithmetic on
 * the digits, never a float.
 */
export function decimalOf(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not a minor-unit amount: ${amount}`);
  const exponent = minorUnits(currency) ?? 2;
  const digits = Math.abs(amount).toString();
  const sign = amount < 0 ? '-' : '';
  if (exponent === 0) return `${sign}${digits}`;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * A text cell a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or
 * a carriage return) is prefixed with `'`, so opening the file runs nothing (OWASP "CSV
 * injection"). Our own numbers and times never start with those, except a negative amount,
 * which `numeric` keeps as it is.
 */
export function csvCell(value: string, numeric = false): string {
  let text = value;
  if (!numeric && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const NUMERIC = new Set(['amount', 'captured', 'fee', 'refunded']);

function csvLine(order: PortalOrder): string {
  return `${COLUMNS.map(([header, value]) => csvCell(value(order), NUMERIC.has(header))).join(',')}\r\n`;
}

/**
 * The orders matching a filter as CSV, newest first, a chunk (one database page of rows) at a
 * time: keyset pages over the live and archived tables (`searchOrderRows`), never the whole
 * result in memory, so 100,000 rows export with flat memory. Times are UTC ISO 8601; money is a
 * decimal string per currency. The consumer pulls: a slow download slows the reads down.
 */
export async function* exportOrdersCsv(options: {
  db: DbOrTx;
  filter: OrderFilter;
  pageRows?: number;
}): AsyncGenerator<string> {
  yield `${COLUMNS.map(([header]) => header).join(',')}\r\n`;
  let cursor: string | undefined;
  do {
    const page = await searchOrderRows({
      db: options.db,
      filter: options.filter,
      page: {
        limit: options.pageRows ?? EXPORT_PAGE_ROWS,
        cursor,
        sort: { field: 'createdAt', dir: 'desc' },
      },
    });
    const named = await withNames({ db: options.db, orders: page.items });
    yield named.map(csvLine).join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

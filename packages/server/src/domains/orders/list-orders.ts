import { and, desc, eq, gte, lt, lte, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Mode, orderHistory, orders } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { type Order, type OrderRow, toOrder } from './order-record.js';
import type { ListOrdersInput } from './schemas.js';

function encodeCursor(order: Order): string {
  return Buffer.from(`${Date.parse(order.createdAt)}:${order.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [ms, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const createdAt = new Date(Number(ms));
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new AppError('validation_failed', { message: 'Unknown cursor.', field: 'cursor' });
  }
  return { createdAt, id };
}

/** Whose orders: a merchant's (in one mode) or the ones a shopper paid or tried to pay. */
export type OrderOwner = { merchantId: string; mode: Mode } | { shopperId: string };

/**
 * The owner's orders, newest first, live and archived alike (both tables are read with the same
 * filter and merged), with a cursor on (created_at, id).
 */
export async function listOrders(options: {
  db: DbOrTx;
  owner: OrderOwner;
  filter: ListOrdersInput;
}): Promise<{ orders: Order[]; nextCursor: string | null }> {
  const { filter, owner } = options;
  const page = async (table: typeof orders | typeof orderHistory): Promise<OrderRow[]> => {
    const where: (SQL | undefined)[] =
      'shopperId' in owner
        ? [eq(table.shopperId, owner.shopperId)]
        : [eq(table.merchantId, owner.merchantId), eq(table.mode, owner.mode)];
    if (filter.status) where.push(eq(table.status, filter.status));
    if (filter.reference) where.push(eq(table.reference, filter.reference));
    if (filter.createdFrom) where.push(gte(table.createdAt, new Date(filter.createdFrom)));
    if (filter.createdTo) where.push(lte(table.createdAt, new Date(filter.createdTo)));
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      where.push(
        or(
          lt(table.createdAt, after.createdAt),
          and(eq(table.createdAt, after.createdAt), lt(table.id, after.id)),
        ),
      );
    }
    const rows = await options.db
      .select()
      .from(table)
      .where(and(...where))
      .orderBy(desc(table.createdAt), desc(table.id))
      .limit(filter.limit + 1);
    return rows.map((r) => {
      const { archivedAt: _a, ...row } = r as OrderRow & { archivedAt?: Date };
      return row;
    });
  };
  const [live, archived] = await Promise.all([page(orders), page(orderHistory)]);
  const merged = [
    ...live.map((r) => toOrder(r, false)),
    ...archived.map((r) => toOrder(r, true)),
  ].sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
  );
  const pageRows = merged.slice(0, filter.limit);
  const last = pageRows[pageRows.length - 1];
  return {
    orders: pageRows,
    nextCursor: merged.length > filter.limit && last ? encodeCursor(last) : null,
  };
}

import { and, asc, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { RowDataPacket } from 'mysql2';
import type { Database } from '../db/client.js';
import { orderHistory, orders, refunds } from '../db/schema/index.js';
import { FINAL_STATUSES } from '../domains/orders/order-record.js';

const COLUMNS = Object.values(orders)
  .filter(
    (c): c is (typeof orders)[keyof typeof orders] & { name: string } =>
      typeof c === 'object' && c !== null && 'name' in c && 'columnType' in c,
  )
  .map((c) => c.name);

function monthStart(date: Date, add = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + add, 1));
}

function partitionName(start: Date): string {
  return `p${start.getUTCFullYear()}${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Keeps a monthly partition of order history for this month and the next `ahead` ones, split off
 * the (empty) catch-all `p_future` partition, so new archive rows land in their month.
 */
export async function ensureHistoryPartitions(options: {
  database: Database;
  now?: Date;
  ahead?: number;
}): Promise<string[]> {
  const { pool } = options.database;
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT PARTITION_NAME AS name, PARTITION_DESCRIPTION AS bound FROM information_schema.PARTITIONS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'order_history' ORDER BY PARTITION_ORDINAL_POSITION`,
  );
  const bounds = rows
    .map((r) => String(r.bound).replace(/'/g, ''))
    .filter((b) => b !== 'MAXVALUE')
    .map((b) => new Date(`${b.slice(0, 10)}T00:00:00Z`).getTime());
  const highest = Math.max(0, ...bounds);
  const now = options.now ?? new Date();
  const added: string[] = [];
  for (let i = 0; i <= (options.ahead ?? 2); i++) {
    const start = monthStart(now, i);
    const end = monthStart(now, i + 1);
    if (end.getTime() <= highest) continue;
    const from = new Date(Math.max(start.getTime(), highest));
    const name =
      from.getTime() === start.getTime() ? partitionName(start) : `${partitionName(start)}b`;
    await pool.query(
      `ALTER TABLE order_history REORGANIZE PARTITION p_future INTO (
         PARTITION ${name} VALUES LESS THAN ('${end.toISOString().slice(0, 10)}'),
         PARTITION p_future VALUES LESS THAN (MAXVALUE))`,
    );
    added.push(name);
  }
  return added;
}

/**
 * Moves final orders older than `olderThanMs` (by the time they became final) into order history,
 * a batch per transaction: copied and deleted together, so an order is always in exactly one
 * of the two tables. Reads (`orders.get`, `orders.list`) look in both.
 */
export async function archiveOrders(options: {
  database: Database;
  olderThanMs: number;
  now?: Date;
  batchSize?: number;
}): Promise<number> {
  const { database } = options;
  const now = options.now ?? new Date();
  await ensureHistoryPartitions({ database, now });
  const cutoff = new Date(now.getTime() - options.olderThanMs);
  // An order with a refund still pending stays live until the refund completes: completing it
  // reads and updates the live row.
  const noPendingRefund = sql`NOT EXISTS (SELECT 1 FROM ${refunds} WHERE ${refunds.orderId} = ${orders.id} AND ${refunds.status} = 'pending')`;
  let moved = 0;
  for (;;) {
    const batch = await database.db
      .select({ id: orders.id })
      .from(orders)
      .where(and(isNotNull(orders.finalAt), lt(orders.finalAt, cutoff), noPendingRefund))
      .orderBy(asc(orders.finalAt))
      .limit(options.batchSize ?? 500);
    if (batch.length === 0) return moved;
    const ids = batch.map((b) => b.id);
    const finals = [...FINAL_STATUSES];
    await database.db.transaction(async (tx) => {
      const list = sql.join(
        COLUMNS.map((c) => sql.identifier(c)),
        sql`, `,
      );
      // Locked and re-checked inside the transaction: an order refunded meanwhile moves with its
      // new state, never a stale copy.
      await tx.execute(
        sql`INSERT INTO ${orderHistory} (${list}) SELECT ${list} FROM ${orders} WHERE ${inArray(orders.id, ids)} AND ${inArray(orders.status, finals)} AND ${noPendingRefund} FOR UPDATE`,
      );
      await tx
        .delete(orders)
        .where(and(inArray(orders.id, ids), inArray(orders.status, finals), noPendingRefund));
    });
    moved += ids.length;
    if (batch.length < (options.batchSize ?? 500)) return moved;
  }
}

import { createHash } from 'node:crypto';
import { and, asc, inArray, isNull, sql } from 'drizzle-orm';
import type { PoolConnection } from 'mysql2/promise';
import type { Database } from '../db/client.js';
import { outboxEvents } from '../db/schema/index.js';
import type { DucatEvent } from '../events/catalogue.js';
import type { EventBus } from './event-bus.js';
import type { Logger } from './logger.js';

export type OutboxRelayOptions = {
  database: Database;
  bus: EventBus;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
  /** After this many failed deliveries an event is parked (dead_at) so it stops blocking. */
  maxAttempts?: number;
  /** Test seam: runs after a batch is published and before it is marked. */
  afterPublish?: (events: readonly DucatEvent[]) => Promise<void> | void;
};

export type OutboxRelay = {
  /** Publishes until the outbox is empty (or only failing events remain); returns how many went. */
  drain(): Promise<number>;
  start(): void;
  /** Nudges a sleeping relay, e.g. right after a commit that wrote events. */
  wake(): void;
  stop(): Promise<void>;
  isLeader(): boolean;
};

/**
 * Moves committed outbox rows to the bus, oldest first, at least once.
 *
 * Crash safety: rows are marked published only after the bus accepted them, so a crash between
 * the two republishes them; consumers dedupe by event id. Ordering: only one relay per database is
 * active at a time (a MySQL named lock held on a dedicated connection, released by the server
 * if the process dies), so events leave in commit-sequence order.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { database, bus, logger } = options;
  const batchSize = options.batchSize ?? 200;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const maxAttempts = options.maxAttempts ?? 10;
  let lockConnection: PoolConnection | undefined;
  let lockName: string | undefined;
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let busy: Promise<number> | undefined;

  async function relayLockName(): Promise<string> {
    if (lockName) return lockName;
    const [rows] = await database.pool.query('SELECT DATABASE() AS db');
    const db = String((rows as { db: string }[])[0]?.db ?? '');
    lockName = `ducat.outbox.${createHash('sha256').update(db).digest('hex').slice(0, 40)}`;
    return lockName;
  }

  async function acquireLeadership(): Promise<boolean> {
    if (lockConnection) return true;
    const name = await relayLockName();
    const connection = await database.pool.getConnection();
    try {
      const [rows] = await connection.query('SELECT GET_LOCK(?, 0) AS got', [name]);
      if (Number((rows as { got: number | null }[])[0]?.got) === 1) {
        lockConnection = connection;
        logger.info('outbox relay is the leader');
        return true;
      }
    } catch (error) {
      connection.release();
      throw error;
    }
    connection.release();
    return false;
  }

  async function releaseLeadership(): Promise<void> {
    const connection = lockConnection;
    lockConnection = undefined;
    if (!connection) return;
    try {
      await connection.query('SELECT RELEASE_LOCK(?)', [await relayLockName()]);
    } finally {
      connection.release();
    }
  }

  async function publishBatch(): Promise<{ published: number; more: boolean }> {
    const { db } = database;
    const rows = await db
      .select()
      .from(outboxEvents)
      .where(and(isNull(outboxEvents.publishedAt), isNull(outboxEvents.deadAt)))
      .orderBy(asc(outboxEvents.seq))
      .limit(batchSize);
    if (rows.length === 0) return { published: 0, more: false };
    const events: DucatEvent[] = rows.map((row) => ({
      id: row.eventId,
      type: row.type,
      version: row.version,
      aggregateType: row.aggregateType,
      aggregateId: row.aggregateId,
      occurredAt: row.occurredAt.toISOString(),
      payload: row.payload,
    }));
    const result = await bus.publish(events);
    if (options.afterPublish) await options.afterPublish(events.slice(0, result.published));
    const done = rows.slice(0, result.published).map((r) => r.seq);
    if (done.length > 0) {
      await db
        .update(outboxEvents)
        .set({ publishedAt: sql`CURRENT_TIMESTAMP(3)` })
        .where(inArray(outboxEvents.seq, done));
    }
    const failed = result.error ? rows[result.published] : undefined;
    if (failed) {
      const attempts = failed.attempts + 1;
      const message = result.error instanceof Error ? result.error.message : String(result.error);
      logger.error(
        { err: result.error, eventId: failed.eventId, type: failed.type, attempts },
        attempts >= maxAttempts
          ? 'outbox event parked after repeated failures'
          : 'outbox delivery failed',
      );
      await db
        .update(outboxEvents)
        .set({
          attempts,
          lastError: message.slice(0, 1000),
          deadAt: attempts >= maxAttempts ? sql`CURRENT_TIMESTAMP(3)` : null,
        })
        .where(inArray(outboxEvents.seq, [failed.seq]));
      // A parked event no longer blocks: carry on with the next ones straight away.
      return { published: done.length, more: attempts >= maxAttempts };
    }
    return { published: done.length, more: rows.length === batchSize };
  }

  async function drainOnce(): Promise<number> {
    if (!(await acquireLeadership())) return 0;
    let total = 0;
    for (;;) {
      const { published, more } = await publishBatch();
      total += published;
      if (!more) return total;
    }
  }

  function drain(): Promise<number> {
    // One drain at a time in this process; a concurrent caller waits for it and then runs its own.
    const previous = busy ?? Promise.resolve(0);
    const next = previous.catch(() => 0).then(drainOnce);
    busy = next;
    return next;
  }

  async function run(): Promise<void> {
    while (running) {
      try {
        await drain();
      } catch (error) {
        logger.error({ err: error }, 'outbox relay iteration failed');
        // The lock connection may be the broken part; let it go and re-elect.
        await releaseLeadership().catch(() => undefined);
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, lockConnection ? pollIntervalMs : pollIntervalMs * 5);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  }

  return {
    drain,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake() {
      wakeUp?.();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      await busy?.catch(() => undefined);
      await releaseLeadership();
    },
    isLeader: () => lockConnection !== undefined,
  };
}

import { fileURLToPath } from 'node:url';
import { isNull, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db, Tx } from '../db/client.js';
import { outboxEvents, processedEvents } from '../db/schema/index.js';
import type { DucatEvent } from '../events/catalogue.js';
import { createEffectTables, testCatalogue, testSubscriptions } from '../test/fixtures/events.js';
import { spawnTs, useTestEnv } from '../test/harness.js';
import { createInProcessBus } from './event-bus.js';
import { createOutbox } from './outbox.js';
import { createOutboxRelay } from './outbox-relay.js';

const outbox = createOutbox(testCatalogue);

async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [rows] = (await db.execute(query)) as unknown as [{ n: number | string }[]];
  return Number(rows[0]?.n);
}

async function appendWidgets(db: Db, widgets: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < widgets; i++) {
    await db.transaction(async (tx) => {
      const created = await outbox.append({
        tx,
        type: 'widget.created',
        aggregateId: `wid_${i}`,
        payload: { n: i, label: `w${i}` },
      });
      const renamed = await outbox.append({
        tx,
        type: 'widget.renamed',
        aggregateId: `wid_${i}`,
        payload: { label: `w${i}-renamed` },
      });
      ids.push(created.id, renamed.id);
    });
  }
  return ids;
}

describe('outbox relay (in-process bus)', () => {
  const t = useTestEnv();

  beforeEach(async () => {
    const { db } = t().database;
    await createEffectTables(db);
    await db.execute(sql`DELETE FROM test_effects`);
    await db.execute(sql`DELETE FROM test_deliveries`);
    await db.delete(outboxEvents);
    await db.delete(processedEvents);
  });

  it('delivers every event to each interested subscriber, in commit order, and marks it', async () => {
    const { database, logger } = t();
    const bus = createInProcessBus({ db: database.db, logger });
    for (const s of testSubscriptions(database.db)) bus.subscribe(s);
    const relay = createOutboxRelay({ database, bus, logger, batchSize: 7 });
    const ids = await appendWidgets(database.db, 10);

    expect(await relay.drain()).toBe(20);
    await relay.stop();

    const [effects] = (await database.db.execute(
      sql`SELECT consumer, event_id AS eventId FROM test_effects ORDER BY id`,
    )) as unknown as [{ consumer: string; eventId: string }[]];
    expect(effects.filter((e) => e.consumer === 'projector').map((e) => e.eventId)).toEqual(ids);
    // mailer only wants renames
    expect(effects.filter((e) => e.consumer === 'mailer').map((e) => e.eventId)).toEqual(
      ids.filter((_, i) => i % 2 === 1),
    );
    expect(
      await count(
        database.db,
        sql`SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL`,
      ),
    ).toBe(0);
  });

  it("applies a subscriber's effect once when the relay dies after delivery and before marking", async () => {
    const { database, logger, env } = t();
    const ids = await appendWidgets(database.db, 10);

    // A relay in a child process delivers the batch and is SIGKILLed before marking it.
    const child = spawnTs(
      fileURLToPath(new URL('../test/fixtures/relay-child.ts', import.meta.url)),
      [env.DATABASE_URL],
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += String(d);
    });
    child.stderr.on('data', (d) => {
      output += String(d);
    });
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve) => child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    expect(exit.signal, output).toBe('SIGKILL');
    expect(output).toContain('delivered 20');

    // Delivered and applied, but not marked: the relay's crash window.
    expect(
      await count(
        database.db,
        sql`SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL`,
      ),
    ).toBe(20);
    expect(await count(database.db, sql`SELECT count(*) AS n FROM test_effects`)).toBe(30);

    // A new relay (this process) takes over the leader lock the dead one held and redelivers.
    const bus = createInProcessBus({ db: database.db, logger });
    for (const s of testSubscriptions(database.db)) bus.subscribe(s);
    const relay = createOutboxRelay({ database, bus, logger });
    expect(await relay.drain()).toBe(20);
    await relay.stop();

    // Every event reached each interested consumer twice, yet each effect happened once.
    expect(await count(database.db, sql`SELECT count(*) AS n FROM test_deliveries`)).toBe(30);
    expect(await count(database.db, sql`SELECT count(*) AS n FROM test_effects`)).toBe(30);
    const [perEvent] = (await database.db.execute(
      sql`SELECT consumer, event_id, count(*) AS n FROM test_effects GROUP BY consumer, event_id HAVING n > 1`,
    )) as unknown as [unknown[]];
    expect(perEvent).toEqual([]);
    const [projected] = (await database.db.execute(
      sql`SELECT event_id AS eventId FROM test_effects WHERE consumer = 'projector' ORDER BY id`,
    )) as unknown as [{ eventId: string }[]];
    expect(projected.map((r) => r.eventId)).toEqual(ids);
    const pending = await database.db
      .select()
      .from(outboxEvents)
      .where(isNull(outboxEvents.publishedAt));
    expect(pending).toEqual([]);
  });

  it('retries a failing subscriber without overtaking, then parks the event after maxAttempts', async () => {
    const { database, logger } = t();
    const bus = createInProcessBus({ db: database.db, logger });
    let failuresLeft = 2;
    const seen: string[] = [];
    bus.subscribe({
      consumer: 'flaky',
      types: '*',
      async handle({ event }) {
        if ((event.payload as { label: string }).label === 'poison')
          throw new Error('always fails');
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('transient');
        }
        seen.push(event.aggregateId);
      },
    });
    const relay = createOutboxRelay({ database, bus, logger, maxAttempts: 3 });
    await database.db.transaction(async (tx) => {
      await outbox.append({
        tx,
        type: 'widget.created',
        aggregateId: 'a',
        payload: { n: 1, label: 'x' },
      });
      await outbox.append({
        tx,
        type: 'widget.created',
        aggregateId: 'b',
        payload: { n: 2, label: 'poison' },
      });
      await outbox.append({
        tx,
        type: 'widget.created',
        aggregateId: 'c',
        payload: { n: 3, label: 'y' },
      });
    });

    expect(await relay.drain()).toBe(0); // transient failure on 'a'; nothing overtakes it
    expect(seen).toEqual([]);
    expect(await relay.drain()).toBe(0);
    expect(await relay.drain()).toBe(1); // 'a' goes; 'b' fails (1)
    expect(seen).toEqual(['a']);
    expect(await relay.drain()).toBe(0); // 'b' fails (2)
    expect(await relay.drain()).toBe(1); // 'b' fails (3) -> parked; 'c' goes
    await relay.stop();
    expect(seen).toEqual(['a', 'c']);
    const rows = await database.db.select().from(outboxEvents).orderBy(outboxEvents.seq);
    expect(
      rows.map((r) => [r.aggregateId, r.publishedAt !== null, r.deadAt !== null, r.attempts]),
    ).toEqual([
      ['a', true, false, 2],
      ['b', false, true, 3],
      ['c', true, false, 0],
    ]);
    expect(rows[1]?.lastError).toBe('always fails');
  });

  it('hands a subscriber that takes batches a relay batch in one call, and goes one by one after a failure', async () => {
    const { database, logger } = t();
    const bus = createInProcessBus({ db: database.db, logger });
    const batches: number[] = [];
    let poisoned = true;
    const apply = async (tx: Tx, event: DucatEvent) => {
      if (poisoned && (event.payload as { label: string }).label === 'poison') {
        throw new Error('poison');
      }
      await tx.execute(
        sql`INSERT INTO test_effects (consumer, event_id, type) VALUES ('batcher', ${event.id}, ${event.type})`,
      );
    };
    bus.subscribe({
      consumer: 'batcher',
      types: '*',
      handle: ({ event, tx }) => apply(tx, event),
      async handleBatch({ events, tx }) {
        batches.push(events.length);
        for (const event of events) await apply(tx, event);
      },
    });
    const relay = createOutboxRelay({ database, bus, logger, batchSize: 50 });
    await appendWidgets(database.db, 10);
    expect(await relay.drain()).toBe(20);
    expect(batches).toEqual([20]);

    await database.db.transaction(async (tx) => {
      for (const [aggregateId, label] of [
        ['x', 'fine'],
        ['p', 'poison'],
        ['y', 'fine'],
      ] as const) {
        await outbox.append({ tx, type: 'widget.created', aggregateId, payload: { n: 1, label } });
      }
    });
    // The batch fails as a whole (rolled back); one by one, the event before the poison goes.
    expect(await relay.drain()).toBe(1);
    poisoned = false;
    expect(await relay.drain()).toBe(2);
    await relay.stop();
    expect(batches).toEqual([20, 3, 2]);
    expect(
      await count(
        database.db,
        sql`SELECT count(*) AS n FROM test_effects WHERE consumer = 'batcher'`,
      ),
    ).toBe(23);
    expect(
      await count(
        database.db,
        sql`SELECT count(DISTINCT event_id) AS n FROM test_effects WHERE consumer = 'batcher'`,
      ),
    ).toBe(23);
  });

  it('lets only one relay per database publish at a time', async () => {
    const { database, logger } = t();
    const delivered: string[] = [];
    const makeRelay = (name: string) => {
      const bus = createInProcessBus({ db: database.db, logger });
      bus.subscribe({
        consumer: `c-${name}`,
        types: '*',
        async handle({ event }) {
          delivered.push(`${name}:${event.aggregateId}`);
        },
      });
      return createOutboxRelay({ database, bus, logger });
    };
    const first = makeRelay('first');
    const second = makeRelay('second');
    await appendWidgets(database.db, 1);
    expect(await first.drain()).toBe(2);
    await appendWidgets(database.db, 1);
    expect(await second.drain()).toBe(0); // not the leader
    expect(second.isLeader()).toBe(false);
    await first.stop(); // releases the lock
    expect(await second.drain()).toBe(2);
    expect(second.isLeader()).toBe(true);
    await second.stop();
    expect(delivered.filter((d) => d.startsWith('second')).length).toBe(2);
  });

  it('the running relay publishes new events on its own and stops cleanly', async () => {
    const { database, logger } = t();
    const bus = createInProcessBus({ db: database.db, logger });
    const seen: string[] = [];
    bus.subscribe({
      consumer: 'live',
      types: ['widget.created'],
      async handle({ event }) {
        seen.push(event.aggregateId);
      },
    });
    const relay = createOutboxRelay({ database, bus, logger, pollIntervalMs: 20 });
    relay.start();
    await appendWidgets(database.db, 3);
    relay.wake();
    for (let i = 0; i < 200 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    await relay.stop();
    expect(seen).toEqual(['wid_0', 'wid_1', 'wid_2']);
  });
});

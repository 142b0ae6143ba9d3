import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxEvents } from '../db/schema/index.js';
import { testCatalogue } from '../test/fixtures/events.js';
import { useTestEnv } from '../test/harness.js';
import { createOutbox } from './outbox.js';

const outbox = createOutbox(testCatalogue);

describe('transactional outbox', () => {
  const t = useTestEnv();

  it('writes the event when its transaction commits, with the catalogue version', async () => {
    const { db } = t().database;
    const event = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      return outbox.append({
        tx,
        type: 'widget.created',
        aggregateId: 'wid_1',
        payload: { n: 1, label: 'a' },
      });
    });
    const rows = await db.select().from(outboxEvents).where(eq(outboxEvents.eventId, event.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'widget.created',
      version: 1,
      aggregateType: 'widget',
      aggregateId: 'wid_1',
      payload: { n: 1, label: 'a' },
      publishedAt: null,
    });
    expect(event.id).toMatch(/^evt_[1-9A-HJ-NP-Za-km-z]{22}$/);
  });

  it('leaves no event when the transaction rolls back', async () => {
    const { db } = t().database;
    let eventId = '';
    await expect(
      db.transaction(async (tx) => {
        const event = await outbox.append({
          tx,
          type: 'widget.renamed',
          aggregateId: 'wid_2',
          payload: { label: 'b' },
        });
        eventId = event.id;
        throw new Error('the state change failed after the event was written');
      }),
    ).rejects.toThrow('the state change failed');
    expect(eventId).not.toBe('');
    const rows = await db.select().from(outboxEvents).where(eq(outboxEvents.eventId, eventId));
    expect(rows).toHaveLength(0);
  });

  it('refuses a payload that does not match the event schema, failing the whole change', async () => {
    const { db } = t().database;
    const before = await db.select({ n: sql<number>`count(*)` }).from(outboxEvents);
    await expect(
      db.transaction(async (tx) =>
        outbox.append({
          tx,
          type: 'widget.created',
          aggregateId: 'wid_3',
          // @ts-expect-error the payload is wrong on purpose
          payload: { n: 'not a number' },
        }),
      ),
    ).rejects.toMatchObject({ code: 'event_invalid' });
    await expect(
      db.transaction(async (tx) =>
        outbox.append({
          tx,
          // @ts-expect-error unknown type on purpose
          type: 'widget.exploded',
          aggregateId: 'wid_3',
          payload: { label: 'x' },
        }),
      ),
    ).rejects.toMatchObject({ code: 'event_invalid' });
    const after = await db.select({ n: sql<number>`count(*)` }).from(outboxEvents);
    expect(Number(after[0]?.n)).toBe(Number(before[0]?.n));
  });
});

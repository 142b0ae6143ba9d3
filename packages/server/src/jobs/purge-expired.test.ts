import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxEvents } from '../db/schema/index.js';
import { createOutbox } from '../infra/outbox.js';
import { testCatalogue } from '../test/fixtures/events.js';
import { useTestEnv } from '../test/harness.js';
import { purgeExpired } from './purge-expired.js';

const outbox = createOutbox(testCatalogue);

describe('purge job', () => {
  const t = useTestEnv();

  it('removes published events past retention and keeps recent or unpublished ones', async () => {
    const { db } = t().database;
    const ids = await db.transaction(async (tx) => {
      const made = [];
      for (let i = 0; i < 3; i++) {
        made.push(
          (
            await outbox.append({
              tx,
              type: 'widget.created',
              aggregateId: `w${i}`,
              payload: { n: i, label: 'x' },
            })
          ).id,
        );
      }
      return made;
    });
    const [old, recent, unpublished] = ids as [string, string, string];
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3_600_000);
    await db
      .update(outboxEvents)
      .set({ publishedAt: eightDaysAgo })
      .where(eq(outboxEvents.eventId, old));
    await db
      .update(outboxEvents)
      .set({ publishedAt: new Date() })
      .where(eq(outboxEvents.eventId, recent));
    await db
      .update(outboxEvents)
      .set({ createdAt: eightDaysAgo })
      .where(eq(outboxEvents.eventId, unpublished));

    const result = await purgeExpired({ db });
    expect(result.events).toBe(1);
    const left = await db.select({ id: outboxEvents.eventId }).from(outboxEvents);
    expect(left.map((r) => r.id).sort()).toEqual([recent, unpublished].sort());
  });
});

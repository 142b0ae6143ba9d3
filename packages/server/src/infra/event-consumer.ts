import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { isDuplicateKey } from '../db/errors.js';
import { processedEvents } from '../db/schema/index.js';
import type { DucatEvent } from '../events/catalogue.js';

/**
 * A named consumer of events. `handle` runs inside a transaction that also records the event as
 * processed by this consumer, so however many times an event is delivered its effect happens
 * once. Effects outside the database (a mail, an HTTP call) must be idempotent by event id.
 *
 * `handleBatch`, when given, applies several events (in order) in one transaction with the same
 * guarantee: it must have the effect of `handle` on each in turn. The bus uses it for the events
 * of one relay batch; one hot merchant's payments then cost one transaction per batch, not one
 * per event.
 */
export type Subscription = {
  consumer: string;
  /** Event types this consumer wants; `'*'` for all. */
  types: readonly string[] | '*';
  handle(options: { event: DucatEvent; tx: Tx }): Promise<void>;
  handleBatch?(options: { events: DucatEvent[]; tx: Tx }): Promise<void>;
};

export function wants(subscription: Subscription, type: string): boolean {
  return subscription.types === '*' || subscription.types.includes(type);
}

/**
 * Applies one delivery of an event to a consumer. Returns `duplicate` when the consumer already
 * applied it. Two concurrent deliveries of one event serialise on the processed-events row: the
 * second waits for the first to commit and then sees a duplicate.
 */
export async function consumeEvent(options: {
  db: Db;
  subscription: Subscription;
  event: DucatEvent;
}): Promise<'applied' | 'duplicate'> {
  const { db, subscription, event } = options;
  try {
    return await db.transaction(async (tx) => {
      await tx
        .insert(processedEvents)
        .values({ consumer: subscription.consumer, eventId: event.id });
      await subscription.handle({ event, tx });
      return 'applied' as const;
    });
  } catch (error) {
    if (isDuplicateKey(error)) return 'duplicate';
    throw error;
  }
}

/**
 * Applies a delivery of several events, in order, to one consumer: with `handleBatch`, the ones
 * it has not applied yet in one transaction together with their processed-event rows; otherwise
 * (or when another delivery of one of them raced this one, seen as a duplicate key) one by one
 * through `consumeEvent`. Either way each event's effect happens once. Returns how many were
 * applied now (the rest were duplicates).
 */
export async function consumeEvents(options: {
  db: Db;
  subscription: Subscription;
  events: readonly DucatEvent[];
}): Promise<number> {
  const { db, subscription, events } = options;
  const handleBatch = subscription.handleBatch?.bind(subscription);
  if (handleBatch && events.length > 1) {
    try {
      return await db.transaction(async (tx) => {
        const seen = await tx
          .select({ eventId: processedEvents.eventId })
          .from(processedEvents)
          .where(
            and(
              eq(processedEvents.consumer, subscription.consumer),
              inArray(
                processedEvents.eventId,
                events.map((e) => e.id),
              ),
            ),
          );
        const done = new Set(seen.map((r) => r.eventId));
        const fresh: DucatEvent[] = [];
        for (const event of events) {
          if (done.has(event.id)) continue;
          done.add(event.id);
          fresh.push(event);
        }
        if (fresh.length === 0) return 0;
        // A concurrent delivery that inserts one of these first fails this insert (or makes it
        // wait for that one's commit, then fail): the whole batch rolls back and goes one by one.
        await tx
          .insert(processedEvents)
          .values(fresh.map((e) => ({ consumer: subscription.consumer, eventId: e.id })));
        await handleBatch({ events: fresh, tx });
        return fresh.length;
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  let applied = 0;
  for (const event of events) {
    if ((await consumeEvent({ db, subscription, event })) === 'applied') applied++;
  }
  return applied;
}

import type { Db, Tx } from '../db/client.js';
import { isDuplicateKey } from '../db/errors.js';
import { processedEvents } from '../db/schema/index.js';
import type { DucatEvent } from '../events/catalogue.js';

/**
 * A named consumer of events. `handle` runs inside a transaction that also records the event as
 * processed by this consumer, so however many times an event is delivered its effect happens
 * once. Effects outside the database (a mail, an HTTP call) must be idempotent by event id.
 */
export type Subscription = {
  consumer: string;
  /** Event types this consumer wants; `'*'` for all. */
  types: readonly string[] | '*';
  handle(options: { event: DucatEvent; tx: Tx }): Promise<void>;
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

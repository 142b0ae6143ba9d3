import type { Db } from '../db/client.js';
import type { DucatEvent } from '../events/catalogue.js';
import { consumeEvent, consumeEvents, type Subscription, wants } from './event-consumer.js';
import type { Logger } from './logger.js';

/**
 * Outcome of publishing a batch, in order: the first `published` events went out; when an error
 * stopped the batch, it names the event that failed (later ones were not attempted, so one
 * aggregate's events never overtake each other).
 */
export type PublishResult = { published: number; error?: unknown };

export type EventBus = {
  readonly kind: 'in-process' | 'kafka';
  subscribe(subscription: Subscription): void;
  publish(events: readonly DucatEvent[]): Promise<PublishResult>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The default bus: the relay hands each event to every interested subscriber in this process.
 * With one process this is the whole system; with several, use Kafka.
 */
export function createInProcessBus(options: { db: Db; logger: Logger }): EventBus {
  const subscriptions: Subscription[] = [];
  return {
    kind: 'in-process',
    subscribe(subscription) {
      if (subscriptions.some((s) => s.consumer === subscription.consumer)) {
        throw new Error(`Consumer ${subscription.consumer} is already subscribed`);
      }
      subscriptions.push(subscription);
    },
    async publish(events) {
      // Subscribers that take batches take their share of the batch at once (one transaction).
      // The others, and a batch subscriber whose batch failed, go event by event below, which
      // also tells exactly how far the batch got. Whatever was applied ahead of a failure is
      // seen as a duplicate when it is delivered again.
      const oneByOne: Subscription[] = [];
      for (const subscription of subscriptions) {
        const share = events.filter((e) => wants(subscription, e.type));
        if (!subscription.handleBatch || share.length < 2) {
          if (share.length > 0) oneByOne.push(subscription);
          continue;
        }
        try {
          const applied = await consumeEvents({ db: options.db, subscription, events: share });
          options.logger.debug(
            { consumer: subscription.consumer, events: share.length, applied },
            'events consumed',
          );
        } catch {
          oneByOne.push(subscription);
        }
      }
      let published = 0;
      for (const event of events) {
        try {
          for (const subscription of oneByOne) {
            if (!wants(subscription, event.type)) continue;
            const outcome = await consumeEvent({ db: options.db, subscription, event });
            options.logger.debug(
              { eventId: event.id, type: event.type, consumer: subscription.consumer, outcome },
              'event consumed',
            );
          }
        } catch (error) {
          return { published, error };
        }
        published++;
      }
      return { published };
    },
    async start() {},
    async stop() {},
  };
}

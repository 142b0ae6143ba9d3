import { type Consumer, Kafka, logLevel, type Message, type Producer } from 'kafkajs';
import type { Db } from '../db/client.js';
import { type DucatEvent, eventFamily } from '../events/catalogue.js';
import type { EventBus } from './event-bus.js';
import { consumeEvent, type Subscription, wants } from './event-consumer.js';
import type { Logger } from './logger.js';

/**
 * Topic per event family, key = aggregate id: Kafka keeps one key's messages in one partition,
 * so one order's (or one account's) events stay in order for every consumer.
 */
export function toKafkaMessage(
  event: DucatEvent,
  topicPrefix: string,
): { topic: string; message: Message } {
  return {
    topic: `${topicPrefix}${eventFamily(event.type)}`,
    message: {
      key: event.aggregateId,
      value: JSON.stringify(event),
      headers: {
        'event-id': event.id,
        'event-type': event.type,
        'event-version': String(event.version),
      },
    },
  };
}

export function fromKafkaMessage(value: Buffer | null): DucatEvent | undefined {
  if (!value) return undefined;
  const parsed = JSON.parse(value.toString('utf8')) as DucatEvent;
  return typeof parsed.id === 'string' && typeof parsed.type === 'string' ? parsed : undefined;
}

export type KafkaBusOptions = {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  db: Db;
  logger: Logger;
};

/**
 * Publishes outbox events to Kafka and runs each subscription as its own consumer group, with the
 * same exactly-once-effect guard (processed-events table) as the in-process bus.
 */
export function createKafkaBus(options: KafkaBusOptions): EventBus {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
  });
  // Idempotent producer with one request in flight: retries cannot reorder or duplicate within a
  // partition.
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const subscriptions: Subscription[] = [];
  const consumers: Consumer[] = [];
  let started = false;

  return {
    kind: 'kafka',
    subscribe(subscription) {
      if (started) throw new Error('Subscribe before the bus starts');
      subscriptions.push(subscription);
    },
    async publish(events) {
      if (events.length === 0) return { published: 0 };
      const byTopic = new Map<string, Message[]>();
      for (const event of events) {
        const { topic, message } = toKafkaMessage(event, options.topicPrefix);
        const list = byTopic.get(topic) ?? [];
        list.push(message);
        byTopic.set(topic, list);
      }
      try {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
        return { published: events.length };
      } catch (error) {
        return { published: 0, error };
      }
    },
    async start() {
      started = true;
      await producer.connect();
      for (const subscription of subscriptions) {
        const consumer = kafka.consumer({
          groupId: `${options.clientId}.${subscription.consumer}`,
        });
        await consumer.connect();
        await consumer.subscribe({
          topics: [new RegExp(`^${options.topicPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)],
          fromBeginning: true,
        });
        await consumer.run({
          eachMessage: async ({ message }) => {
            const event = fromKafkaMessage(message.value);
            if (!event || !wants(subscription, event.type)) return;
            await consumeEvent({ db: options.db, subscription, event });
          },
        });
        consumers.push(consumer);
      }
      options.logger.info({ brokers: options.brokers }, 'kafka bus started');
    },
    async stop() {
      await Promise.allSettled(consumers.map((c) => c.disconnect()));
      await producer.disconnect();
    },
  };
}

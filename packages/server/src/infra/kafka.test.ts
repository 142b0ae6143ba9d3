import { describe, expect, it } from 'vitest';
import type { DucatEvent } from '../events/catalogue.js';
import { fromKafkaMessage, toKafkaMessage } from './kafka.js';

const event: DucatEvent = {
  id: 'evt_1',
  type: 'order.checkout_succeeded',
  version: 2,
  aggregateType: 'order',
  aggregateId: 'ord_42',
  occurredAt: '2026-01-01T00:00:00.000Z',
  payload: { amount: 1999, currency: 'EUR' },
};

describe('Kafka message mapping', () => {
  it('uses one topic per event family and the aggregate id as the key (per-aggregate order)', () => {
    const { topic, message } = toKafkaMessage(event, 'ducat.');
    expect(topic).toBe('ducat.order');
    expect(message.key).toBe('ord_42');
    expect(message.headers).toEqual({
      'event-id': 'evt_1',
      'event-type': 'order.checkout_succeeded',
      'event-version': '2',
    });
  });

  it('round-trips the envelope', () => {
    const { message } = toKafkaMessage(event, 'x.');
    expect(fromKafkaMessage(Buffer.from(String(message.value)))).toEqual(event);
    expect(fromKafkaMessage(null)).toBeUndefined();
  });
});

import type { Tx } from '../db/client.js';
import { outboxEvents } from '../db/schema/index.js';
import type {
  DucatEvent,
  EventCatalogue,
  EventDefinition,
  EventType,
  PayloadOf,
} from '../events/catalogue.js';
import { newId } from './id.js';

export type Outbox<TDefs extends readonly EventDefinition[]> = {
  /**
   * Writes an event in the caller's transaction: it exists if and only if the transaction
   * commits. The payload is validated against the catalogue first, so a malformed event fails the
   * state change with it instead of reaching consumers.
   */
  append<TType extends EventType<TDefs>>(options: {
    tx: Tx;
    type: TType;
    aggregateId: string;
    payload: PayloadOf<TDefs, TType>;
    occurredAt?: Date;
  }): Promise<DucatEvent>;
};

export function createOutbox<const TDefs extends readonly EventDefinition[]>(
  catalogue: EventCatalogue<TDefs>,
): Outbox<TDefs> {
  return {
    async append({ tx, type, aggregateId, payload, occurredAt }) {
      const { definition, payload: parsed } = catalogue.parse(type, payload);
      const at = occurredAt ?? new Date();
      const event: DucatEvent = {
        id: newId('evt'),
        type,
        version: definition.version,
        aggregateType: definition.aggregateType,
        aggregateId,
        occurredAt: at.toISOString(),
        payload: parsed,
      };
      await tx.insert(outboxEvents).values({
        eventId: event.id,
        type: event.type,
        version: event.version,
        aggregateType: event.aggregateType,
        aggregateId: event.aggregateId,
        payload: event.payload,
        occurredAt: at,
      });
      return event;
    },
  };
}

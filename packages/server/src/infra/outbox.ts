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

/** The column values of one outbox row, for callers that insert many rows in one statement. */
export type OutboxRow = {
  eventId: string;
  type: string;
  version: number;
  aggregateType: string;
  aggregateId: string;
  payload: unknown;
  occurredAt: Date;
};

export type Outbox<TDefs extends readonly EventDefinition[]> = {
  /**
   * Validates an event and returns its row without writing it: for the ledger writer, which
   * inserts a whole batch's events in one statement inside its own transaction.
   */
  build<TType extends EventType<TDefs>>(options: {
    type: TType;
    aggregateId: string;
    payload: PayloadOf<TDefs, TType>;
    occurredAt?: Date;
  }): OutboxRow;
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
    build({ type, aggregateId, payload, occurredAt }) {
      const { definition, payload: parsed } = catalogue.parse(type, payload);
      return {
        eventId: newId('evt'),
        type,
        version: definition.version,
        aggregateType: definition.aggregateType,
        aggregateId,
        payload: parsed,
        occurredAt: occurredAt ?? new Date(),
      };
    },
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

import type { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * An event type: its name (`<family>.<what happened>`), the schema of its payload and the
 * payload's version. A breaking payload change is a new version, never an edit of the old one.
 */
export type EventDefinition<
  TType extends string = string,
  TSchema extends z.ZodType = z.ZodType,
> = {
  type: TType;
  version: number;
  aggregateType: string;
  description: string;
  schema: TSchema;
};

export function defineEvent<const TType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TType, TSchema>,
): EventDefinition<TType, TSchema> {
  if (!/^[a-z][a-z0-9_]*\.[a-z0-9_.]+$/.test(definition.type)) {
    throw new Error(`Event type "${definition.type}" must look like "family.what_happened"`);
  }
  return definition;
}

/** The envelope every event travels in, whatever the transport. */
export type DucatEvent<TPayload = unknown> = {
  id: string;
  type: string;
  version: number;
  aggregateType: string;
  aggregateId: string;
  occurredAt: string;
  payload: TPayload;
};

/** `order.checkout_succeeded` -> `order`: events of one family share a Kafka topic. */
export function eventFamily(type: string): string {
  const dot = type.indexOf('.');
  return dot === -1 ? type : type.slice(0, dot);
}

type Definitions = readonly EventDefinition[];
export type EventType<TDefs extends Definitions> = TDefs[number]['type'];
export type PayloadOf<TDefs extends Definitions, TType extends string> = z.input<
  Extract<TDefs[number], { type: TType }>['schema']
>;

export type EventCatalogue<TDefs extends Definitions = Definitions> = {
  definitions: TDefs;
  get(type: string): EventDefinition | undefined;
  /** Validates a payload against its type's schema; unknown type or bad payload -> event_invalid. */
  parse(type: string, payload: unknown): { definition: EventDefinition; payload: unknown };
};

export function createCatalogue<const TDefs extends Definitions>(
  definitions: TDefs,
): EventCatalogue<TDefs> {
  const byType = new Map<string, EventDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`Duplicate event type ${definition.type}`);
    byType.set(definition.type, definition);
  }
  return {
    definitions,
    get: (type) => byType.get(type),
    parse(type, payload) {
      const definition = byType.get(type);
      if (!definition) {
        throw new AppError('event_invalid', { internalMessage: `Unknown event type ${type}` });
      }
      const result = definition.schema.safeParse(payload);
      if (!result.success) {
        throw new AppError('event_invalid', {
          internalMessage: `Invalid payload for ${type}: ${result.error.issues
            .map((i) => `${i.path.join('.') || '(root)'} ${i.message}`)
            .join('; ')}`,
        });
      }
      return { definition, payload: result.data };
    },
  };
}

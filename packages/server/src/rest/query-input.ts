import { type JsonSchema, propertySchema } from './resolve-routes.js';

type Scalar = 'number' | 'boolean' | 'array' | undefined;

function typesOf(schema: JsonSchema): unknown[] {
  const own = Array.isArray(schema.type) ? schema.type : [schema.type];
  // Optional and nullable fields come out as anyOf: look through it.
  const alternatives = Array.isArray(schema.anyOf) ? schema.anyOf : [];
  return [
    ...own,
    ...alternatives.flatMap((a) =>
      typeof a === 'object' && a !== null ? typesOf(a as JsonSchema) : [],
    ),
  ];
}

function scalarOf(schema: JsonSchema | undefined): Scalar {
  if (!schema) return undefined;
  const types = typesOf(schema);
  if (types.includes('array')) return 'array';
  if (types.includes('integer') || types.includes('number')) return 'number';
  if (types.includes('boolean')) return 'boolean';
  return undefined;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A query string as procedure input. Every value arrives as text, so the ones whose schema wants
 * a number or a boolean are converted when they spell one (`limit=20` -> 20); anything else is
 * passed on as it came, and the procedure's own schema refuses it with the field named. A
 * repeated key becomes an array (refused unless the field is one).
 */
export function queryInput(
  params: URLSearchParams,
  schema: JsonSchema | undefined,
): Record<string, unknown> {
  // No prototype: a `__proto__` key in the query string stays a plain (refused) field.
  const input: Record<string, unknown> = Object.create(null);
  for (const key of new Set(params.keys())) {
    const kind = scalarOf(propertySchema(schema, key));
    const values = params.getAll(key).map((value): unknown => {
      if (kind === 'number' && NUMBER.test(value)) return Number(value);
      if (kind === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
      return value;
    });
    input[key] = kind === 'array' || values.length > 1 ? values : values[0];
  }
  return input;
}

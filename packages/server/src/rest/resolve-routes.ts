import type { AnyTRPCRouter } from '@trpc/server';
import { z } from 'zod';
import type { RestRoute } from './routes.js';

/** A JSON Schema object as zod writes it (draft 2020-12). */
export type JsonSchema = { [key: string]: unknown };

/** A route joined with the procedure it calls: the schemas the document and the handler share. */
export type ResolvedRoute = RestRoute & {
  type: 'query' | 'mutation';
  input: z.ZodType | undefined;
  output: z.ZodType | undefined;
  /** The input as JSON Schema (`io: 'input'`: defaults make a field optional). */
  inputJson: JsonSchema | undefined;
  pathParams: string[];
  pattern: RegExp;
};

type ProcedureDef = { type: unknown; inputs: unknown; output?: unknown };

/**
 * The definition tRPC keeps for each procedure. `inputs` and `output` are the very zod schemas
 * declared with `.input()` / `.output()`; tRPC's types do not expose `output`, so it is read
 * here, checked at run time, and nowhere else.
 */
function procedureDef(router: AnyTRPCRouter, path: string): ProcedureDef | undefined {
  const procedures: Record<string, unknown> = router._def.procedures;
  const candidate = procedures[path];
  if (typeof candidate !== 'function' || !('_def' in candidate)) return undefined;
  const def: unknown = candidate._def;
  if (typeof def !== 'object' || def === null || !('type' in def) || !('inputs' in def)) {
    return undefined;
  }
  return def;
}

export function toJson(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' });
  return json;
}

function zodOrUndefined(value: unknown, what: string): z.ZodType | undefined {
  if (value === undefined) return undefined;
  if (value instanceof z.ZodType) return value;
  throw new Error(`${what} is not a zod schema: the REST routes need zod to describe it`);
}

/**
 * Joins each route with its procedure. Routes whose procedure this router lacks are left out
 * (servers built from partial routers in tests); a route whose method contradicts its
 * procedure's type is a programming error and refuses to start.
 */
export function resolveRoutes(
  router: AnyTRPCRouter,
  routes: readonly RestRoute[],
): ResolvedRoute[] {
  const resolved: ResolvedRoute[] = [];
  for (const route of routes) {
    const def = procedureDef(router, route.procedure);
    if (!def) continue;
    const type = def.type;
    if (type !== 'query' && type !== 'mutation') {
      throw new Error(`${route.procedure}: only queries and mutations can be REST routes`);
    }
    if ((type === 'query') !== (route.method === 'GET')) {
      throw new Error(`${route.method} ${route.path}: ${route.procedure} is a ${type}`);
    }
    const inputs = Array.isArray(def.inputs) ? def.inputs : [];
    if (inputs.length > 1) {
      throw new Error(`${route.procedure}: chained .input() is not supported by the REST routes`);
    }
    const input = zodOrUndefined(inputs[0], `${route.procedure} input`);
    const output = zodOrUndefined(def.output, `${route.procedure} output`);
    const pathParams = [...route.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] ?? '');
    const source = route.path
      .split('/')
      .map((segment) => (/^\{[A-Za-z]+\}$/.test(segment) ? '([^/]+)' : segment))
      .join('/');
    resolved.push({
      ...route,
      type,
      input,
      output,
      inputJson: input ? toJson(input, 'input') : undefined,
      pathParams,
      // A trailing slash is forgiven: `/v1/orders/` is `/v1/orders`.
      pattern: new RegExp(`^${source}/?$`),
    });
  }
  return resolved;
}

/** The JSON Schema of one property of an object schema, if the schema is an object. */
export function propertySchema(
  schema: JsonSchema | undefined,
  name: string,
): JsonSchema | undefined {
  const properties = schema?.properties;
  if (typeof properties !== 'object' || properties === null) return undefined;
  const property: unknown = (properties as Record<string, unknown>)[name];
  return typeof property === 'object' && property !== null ? (property as JsonSchema) : undefined;
}

export function propertyNames(schema: JsonSchema | undefined): string[] {
  const properties = schema?.properties;
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
}

export function requiredNames(schema: JsonSchema | undefined): string[] {
  const required = schema?.required;
  return Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [];
}

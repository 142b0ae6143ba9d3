import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from '../db/schema/index.js';
import { appRouter, VERSION } from '../root.js';
import { buildOpenApiDocument } from './openapi.js';
import { resolveRoutes } from './resolve-routes.js';
import { MERCHANT_REST_ROUTES } from './routes.js';

type Operation = {
  operationId: string;
  parameters?: { $ref?: string; name?: string; in?: string; required?: boolean }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};
type Doc = {
  openapi: string;
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, { type: string; scheme: string }>;
    schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
  };
};

const routes = resolveRoutes(appRouter, MERCHANT_REST_ROUTES);
const generated = buildOpenApiDocument({ routes, version: VERSION });
const doc = generated as unknown as Doc;

function operations(): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, string, Operation] => [path, method, op]),
  );
}

function merchantApiProcedures(): string[] {
  const procedures: Record<string, unknown> = appRouter._def.procedures;
  return Object.entries(procedures)
    .filter(([, procedure]) => {
      const def = (procedure as { _def?: { type?: string; meta?: { policy?: { kind?: string } } } })
        ._def;
      // Subscriptions (ducat listen) stream over /trpc as server-sent events: no REST route.
      return def?.meta?.policy?.kind === 'merchant_api' && def.type !== 'subscription';
    })
    .map(([path]) => path)
    .sort();
}

/** Every `$ref` in the document, with where it was found. */
function refs(value: unknown, at = '#'): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refs(v, `${at}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]): [string, string][] =>
    key === '$ref' && typeof v === 'string' ? [[v, at]] : refs(v, `${at}/${key}`),
  );
}

function resolvePointer(pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[key]
          : undefined,
      doc,
    );
}

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(generated);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('routes every merchant API procedure, and nothing else', () => {
    expect(routes.map((r) => r.procedure).sort()).toEqual(merchantApiProcedures());
    expect(routes).toHaveLength(MERCHANT_REST_ROUTES.length);
  });

  it('lists every route with its method and a unique operation id', () => {
    for (const route of MERCHANT_REST_ROUTES) {
      expect(doc.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(
        route.operationId,
      );
    }
    const ids = operations().map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(MERCHANT_REST_ROUTES.length);
    expect(ids).toHaveLength(MERCHANT_REST_ROUTES.length);
  });

  it('resolves every $ref inside the document', () => {
    const found = refs(doc);
    expect(found.length).toBeGreaterThan(20);
    for (const [ref, at] of found) {
      expect(ref.startsWith('#/'), `${ref} at ${at}`).toBe(true);
      expect(resolvePointer(ref), `${ref} at ${at}`).toBeDefined();
    }
  });

  it('requires the merchant JWT as a bearer token on every operation', () => {
    expect(doc.components.securitySchemes.merchantJwt).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(doc.security).toEqual([{ merchantJwt: [] }]);
  });

  it('offers Idempotency-Key exactly on the idempotent mutations', () => {
    const withKey = operations()
      .filter(([, , op]) =>
        op.parameters?.some((p) => p.$ref === '#/components/parameters/IdempotencyKey'),
      )
      .map(([, , op]) => op.operationId)
      .sort();
    expect(withKey).toEqual(['createOrder', 'createPayout', 'createRefund']);
    for (const [, method, op] of operations()) {
      if (withKey.includes(op.operationId)) expect(method).toBe('post');
      expect(op.responses.default).toEqual({ $ref: '#/components/responses/Unexpected' });
      expect(op.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
    }
  });

  it('describes inputs and outputs with the procedures own zod schemas', () => {
    const { schemas } = doc.components;
    expect(schemas.CreateOrderRequest?.required?.sort()).toEqual(
      ['amount', 'cancelUrl', 'currency', 'reference', 'returnUrl'].sort(),
    );
    // The order id travels in the path, never also in the refund body.
    expect(Object.keys(schemas.CreateRefundRequest?.properties ?? {})).toEqual([
      'amount',
      'reason',
    ]);
    expect(schemas.Order?.properties?.status).toEqual({
      type: 'string',
      enum: [...ORDER_STATUSES],
    });
    const list = doc.paths['/v1/orders']?.get;
    expect(list?.parameters?.find((p) => p.name === 'limit')).toMatchObject({
      in: 'query',
      required: false,
    });
    expect(doc.paths['/v1/orders/{orderId}']?.get?.parameters?.[0]).toMatchObject({
      name: 'orderId',
      in: 'path',
      required: true,
    });
    expect(schemas.Error?.required).toEqual(['error']);
  });
});

import { z } from 'zod';
import { ZCampaign } from '../domains/campaigns/schemas.js';
import { ZCheckoutLink, ZOrder } from '../domains/orders/schemas.js';
import { ERROR_CODES } from '../errors.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../infra/idempotency.js';
import { ZIpnAttempt } from '../routers/merchant/ipn.js';
import { ZBalance, ZPayout, ZRefund } from '../routers/merchant/money.js';
import {
  ZEvent,
  ZEventDelivery,
  ZEventResend,
  ZWebhookEndpoint,
} from '../routers/merchant/webhooks.js';
import { ZMerchantSettings } from '../routers/schemas.js';
import { ZRestError } from './error-body.js';
import {
  type JsonSchema,
  propertyNames,
  propertySchema,
  type ResolvedRoute,
  requiredNames,
} from './resolve-routes.js';

const SCHEMAS = '#/components/schemas/';

/** Models that several operations return get one name; the rest stay per operation. */
const NAMED_MODELS: readonly [z.ZodType, string][] = [
  [ZOrder, 'Order'],
  [ZCheckoutLink, 'CheckoutLink'],
  [ZRefund, 'Refund'],
  [ZPayout, 'Payout'],
  [ZBalance, 'Balance'],
  [ZWebhookEndpoint, 'WebhookEndpoint'],
  [ZEvent, 'Event'],
  [ZEventDelivery, 'EventDelivery'],
  [ZIpnAttempt, 'EventDeliveryAttempt'],
  [ZEventResend, 'EventResend'],
  [ZCampaign, 'Campaign'],
  [ZMerchantSettings, 'MerchantSettings'],
  [ZRestError, 'Error'],
];

const TAGS = [
  { name: 'orders', description: 'Orders and their signed checkout links.' },
  { name: 'refunds', description: 'Refunds of paid orders.' },
  { name: 'payouts', description: 'Withdrawals of the merchant balance.' },
  { name: 'balance', description: 'The merchant balance.' },
  { name: 'merchant', description: 'The calling merchant.' },
  { name: 'webhook_endpoints', description: 'Where events are delivered, each with its secret.' },
  { name: 'events', description: 'Every IPN sent, kept 30 days; each can be sent again.' },
  {
    name: 'settings',
    description:
      'What the merchant area edits: return URL, IPN URL, widget origins, checkout branding (merchant-wide, not per mode).',
  },
  {
    name: 'settings',
    description: 'What the merchant area edits, but the logo (uploaded in the merchant area).',
  },
  {
    name: 'reports',
    description:
      'Reconciliation reports, signed like IPNs: verify `Ducat-Signature` over the exact body.',
  },
  {
    name: 'campaigns',
    description:
      'Campaigns: checkout discounts (percent or fixed, capped per order) paid by the merchant, within a budget never exceeded.',
  },
];

/** Error responses by status; each lists the stable codes that status can carry. */
const ERROR_RESPONSES = {
  '400': 'BadRequest',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'NotFound',
  '409': 'Conflict',
  '413': 'PayloadTooLarge',
  '415': 'UnsupportedMediaType',
  '422': 'Unprocessable',
  '429': 'RateLimited',
} as const;
type ErrorStatus = keyof typeof ERROR_RESPONSES;

function codesWithStatus(status: number): string {
  return Object.entries(ERROR_CODES)
    .filter(([, spec]) => spec.status === status)
    .map(([code]) => `\`${code}\``)
    .join(', ');
}

function errorResponses(): Record<string, unknown> {
  const content = { 'application/json': { schema: { $ref: `${SCHEMAS}Error` } } };
  const responses: Record<string, unknown> = {};
  for (const [status, name] of Object.entries(ERROR_RESPONSES)) {
    responses[name] = {
      description: `Refused. \`error.code\` is one of: ${codesWithStatus(Number(status))}.`,
      content,
      ...(status === '429'
        ? {
            headers: {
              'Retry-After': {
                description: 'Seconds to wait before retrying.',
                schema: { type: 'integer', minimum: 1 },
              },
            },
          }
        : {}),
    };
  }
  responses.Unexpected = {
    description: 'An unexpected failure (`internal_error`, `service_unavailable`, …); retry later.',
    content,
  };
  return responses;
}

function pascal(operationId: string): string {
  return operationId.charAt(0).toUpperCase() + operationId.slice(1);
}

/** Drops the `$schema`/`$id` that zod writes on registry members (a component needs neither). */
function component(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** The input minus the fields the path already carries (they are not sent in the body). */
function bodySchema(route: ResolvedRoute): JsonSchema | undefined {
  const json = route.inputJson;
  if (!json) return undefined;
  const names = propertyNames(json).filter((n) => !route.pathParams.includes(n));
  if (names.length === 0) return undefined;
  const properties = Object.fromEntries(names.map((n) => [n, propertySchema(json, n)]));
  const required = requiredNames(json).filter((n) => names.includes(n));
  const { properties: _all, required: _allRequired, ...rest } = json;
  return { ...rest, properties, ...(required.length > 0 ? { required } : {}) };
}

function statusesFor(route: ResolvedRoute): ErrorStatus[] {
  const statuses: ErrorStatus[] = ['400', '401', '403'];
  if (route.method === 'POST' || route.pathParams.length > 0) statuses.push('404');
  if (route.method === 'POST') statuses.push('409', '413', '415', '422');
  statuses.push('429');
  return statuses;
}

/**
 * The OpenAPI 3.1 document of the REST routes, generated from the procedures' own zod schemas
 * (inputs as accepted, outputs as returned), so it cannot describe anything the server does not
 * check.
 */
export function buildOpenApiDocument(options: {
  routes: readonly ResolvedRoute[];
  version: string;
}): Record<string, unknown> {
  const outputs = z.registry<{ id: string }>();
  for (const [schema, id] of NAMED_MODELS) outputs.add(schema, { id });
  for (const route of options.routes) {
    if (route.output && !outputs.has(route.output)) {
      outputs.add(route.output, { id: `${pascal(route.operationId)}Response` });
    }
  }
  const generated = z.toJSONSchema(outputs, {
    io: 'output',
    target: 'draft-2020-12',
    uri: (id) => `${SCHEMAS}${id}`,
  });
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) schemas[id] = component(schema);

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of options.routes) {
    const parameters: unknown[] = route.pathParams.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: propertySchema(route.inputJson, name) ?? { type: 'string' },
    }));
    if (route.method === 'GET') {
      const required = requiredNames(route.inputJson);
      for (const name of propertyNames(route.inputJson)) {
        if (route.pathParams.includes(name)) continue;
        parameters.push({
          name,
          in: 'query',
          required: required.includes(name),
          schema: propertySchema(route.inputJson, name),
        });
      }
    }
    if (route.idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });

    let requestBody: unknown;
    const body = route.method === 'POST' ? bodySchema(route) : undefined;
    if (body) {
      const name = `${pascal(route.operationId)}Request`;
      schemas[name] = body;
      requestBody = {
        required: requiredNames(body).length > 0,
        content: { 'application/json': { schema: { $ref: `${SCHEMAS}${name}` } } },
      };
    }

    const outputId = route.output ? outputs.get(route.output)?.id : undefined;
    const responses: Record<string, unknown> = {
      '200': {
        description: 'OK',
        ...(route.signedDocument
          ? {
              content: {
                'application/json': { schema: { type: 'object' } },
                'text/csv': { schema: { type: 'string' } },
              },
              headers: {
                'Ducat-Signature': {
                  description:
                    '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under a webhook secret>`, ' +
                    'one v1 per valid secret; verify like an IPN.',
                  schema: { type: 'string' },
                },
              },
            }
          : outputId
            ? { content: { 'application/json': { schema: { $ref: `${SCHEMAS}${outputId}` } } } }
            : {}),
        ...(route.idempotent
          ? {
              headers: {
                'Idempotent-Replayed': {
                  description:
                    'Present (`true`) when this is the recorded answer to an earlier ' +
                    'request with the same Idempotency-Key.',
                  schema: { type: 'string', enum: ['true'] },
                },
              },
            }
          : {}),
      },
    };
    for (const status of statusesFor(route)) {
      responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status]}` };
    }
    responses.default = { $ref: '#/components/responses/Unexpected' };

    paths[route.path] ??= {};
    const item = paths[route.path] ?? {};
    item[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: `Calls the \`${route.procedure}\` procedure (the same as \`/trpc/${route.procedure}\`).`,
      tags: [route.tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Ducat merchant API',
      version: options.version,
      description:
        'The merchant procedures as plain JSON over HTTP. Every call carries a fresh merchant ' +
        'JWT; money is in integer minor units; errors are `{ error: { code, message, ' +
        'requestId, field?, issues?, details? } }` with a stable `code`.',
    },
    tags: TAGS,
    security: [{ merchantJwt: [] }],
    paths,
    components: {
      securitySchemes: {
        merchantJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'HS256, signed with the API key: `iss` = merchant id, `aud` = the API audience ' +
            '(default `ducat-api`), `iat`, `exp` at most 300 s later, and a `jti` used once.',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: the first result is recorded and replayed (with ' +
            '`Idempotent-Replayed: true`); the same key with other parameters is ' +
            '`idempotency_key_reused`.',
          schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
        },
      },
      responses: errorResponses(),
      schemas,
    },
  };
}

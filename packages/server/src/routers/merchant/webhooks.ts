import { z } from 'zod';
import { apiActor, merchantOf, procedure, staffActor } from '../../auth/authorize.js';
import { MODES, WEBHOOK_ENDPOINT_KINDS, WEBHOOK_ENDPOINT_STATUSES } from '../../db/schema/index.js';
import { IPN_TYPES } from '../../domains/ipn/enqueue-ipn.js';
import type { Actor } from '../../domains/staff/record-audit.js';
import { createWebhookEndpoint } from '../../domains/webhooks/create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from '../../domains/webhooks/delete-webhook-endpoint.js';
import { ZEnabledEvents } from '../../domains/webhooks/endpoint-record.js';
import { getEvent } from '../../domains/webhooks/get-event.js';
import { listEvents } from '../../domains/webhooks/list-events.js';
import { listWebhookEndpoints } from '../../domains/webhooks/list-webhook-endpoints.js';
import {
  closeListenSession,
  nextListenDeliveries,
  openListenSession,
  recordListenResult,
} from '../../domains/webhooks/listen-session.js';
import { resendEvent } from '../../domains/webhooks/resend-event.js';
import { rotateWebhookEndpointSecret } from '../../domains/webhooks/rotate-webhook-endpoint-secret.js';
import { updateWebhookEndpoint } from '../../domains/webhooks/update-webhook-endpoint.js';
import { IPN_RETRY_WINDOW_HOURS_DEFAULT, IPN_TIMEOUT_MS_DEFAULT } from '../../env.js';
import { sleep } from '../../infra/sleep.js';
import { type Context, router } from '../../trpc.js';
import { ZDateTime, ZGraceSeconds, ZHttpsUrl, ZMerchantId } from '../schemas.js';
import { ZIpnAttempt, ZIpnDelivery } from './ipn.js';

const ZEndpointId = z.string().min(1).max(40);
const ZEventId = z.string().min(1).max(40);

export const ZWebhookEndpoint = z.object({
  id: z.string().meta({ description: '`we_…`.' }),
  mode: z.enum(MODES),
  url: z.string(),
  description: z.string(),
  enabledEvents: z.array(z.string()),
  status: z.enum(WEBHOOK_ENDPOINT_STATUSES),
  kind: z
    .enum(WEBHOOK_ENDPOINT_KINDS)
    .meta({ description: '`cli`: the temporary endpoint of a `ducat listen` session.' }),
  primary: z.boolean().meta({
    description: 'The IPN URL of your profile (signed with your merchant-wide webhook secret).',
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const ZEndpointFields = {
  url: ZHttpsUrl,
  description: z.string().trim().max(200).optional(),
  enabledEvents: ZEnabledEvents.default(['*']).meta({
    description: "Event types to receive; `['*']` (the default): all, also types added later.",
  }),
};

const ZEndpointPatch = {
  url: ZHttpsUrl.optional(),
  description: z.string().trim().max(200).optional(),
  enabledEvents: ZEnabledEvents.optional(),
  status: z.enum(WEBHOOK_ENDPOINT_STATUSES).optional(),
};

export const ZEvent = z.object({
  id: z.string(),
  type: z.string(),
  created: z.number().int(),
  livemode: z.boolean(),
  seq: z.number().int(),
  data: z.object({
    order: z.record(z.string(), z.unknown()).optional(),
    refund: z.record(z.string(), z.unknown()).optional(),
    payout: z.record(z.string(), z.unknown()).optional(),
  }),
  mode: z.enum(MODES),
  orderId: z.string().nullable(),
  createdAt: z.string(),
});

const ZEventFilters = {
  type: z.enum(IPN_TYPES).optional(),
  orderId: z.string().min(1).max(40).optional(),
  from: ZDateTime.optional().meta({ description: 'ISO 8601 date-time, inclusive.' }),
  to: ZDateTime.optional().meta({ description: 'ISO 8601 date-time, exclusive.' }),
  limit: z.number().int().min(1).max(100).default(20).meta({ description: 'Page size, 1 to 100.' }),
  cursor: z.string().max(200).optional(),
};

export const ZEventResend = z.object({
  endpointId: z.string(),
  deliveryId: z.string(),
  attempt: ZIpnAttempt.nullable(),
  delivered: z.boolean(),
});

const ZCreated = z.object({ endpoint: ZWebhookEndpoint, secret: z.string() });
const ZRotated = ZCreated.extend({ graceUntil: z.string().nullable() });
/** One delivery of an event to one endpoint (without the body: that is the event). */
export const ZEventDelivery = ZIpnDelivery.omit({ body: true });
const ZEventDetail = z.object({ event: ZEvent, deliveries: z.array(ZEventDelivery) });

function resendConfig(ctx: Context) {
  return {
    masterKey: ctx.identity.config.masterKey,
    logger: ctx.logger,
    redis: ctx.redis,
    timeoutMs: ctx.config.ipnTimeoutMs ?? IPN_TIMEOUT_MS_DEFAULT,
    retryWindowMs:
      ctx.payments?.config.ipnRetryWindowMs ?? IPN_RETRY_WINDOW_HOURS_DEFAULT * 3_600_000,
    allowPrivateNetworks: ctx.config.ipnAllowPrivateNetworks,
  };
}

type Scope = { merchantId: string; mode: (typeof MODES)[number] };

/** The same operations for both callers: the merchant API (JWT) and the merchant area. */
function endpointOps(ctx: Context, scope: Scope, actor: () => Actor) {
  const { db } = ctx;
  const invalidate = () => ctx.identity.credentials.invalidate(scope.merchantId);
  return {
    list: () => listWebhookEndpoints({ db, ...scope }),
    async create(input: {
      url: string;
      description?: string | undefined;
      enabledEvents: string[];
    }) {
      const created = await db.transaction((tx) =>
        createWebhookEndpoint({
          tx,
          actor: actor(),
          masterKey: ctx.identity.config.masterKey,
          ...scope,
          ...input,
        }),
      );
      await invalidate();
      return created;
    },
    update: (endpointId: string, patch: Parameters<typeof updateWebhookEndpoint>[0]['patch']) =>
      db.transaction((tx) =>
        updateWebhookEndpoint({ tx, actor: actor(), ...scope, endpointId, patch }),
      ),
    async delete(endpointId: string) {
      const deleted = await db.transaction((tx) =>
        deleteWebhookEndpoint({ tx, actor: actor(), ...scope, endpointId }),
      );
      await invalidate();
      return deleted;
    },
    async rotateSecret(endpointId: string, graceSeconds: number | undefined) {
      const rotated = await db.transaction((tx) =>
        rotateWebhookEndpointSecret({
          tx,
          actor: actor(),
          masterKey: ctx.identity.config.masterKey,
          ...scope,
          endpointId,
          graceSeconds: graceSeconds ?? ctx.identity.config.keyRotationGraceSeconds,
        }),
      );
      await invalidate();
      return rotated;
    },
    listEvents: (filters: {
      type?: string | undefined;
      orderId?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    }) =>
      listEvents({
        db,
        ...scope,
        ...filters,
        from: filters.from ? new Date(filters.from) : undefined,
        to: filters.to ? new Date(filters.to) : undefined,
      }),
    getEvent: (eventId: string) => getEvent({ db, ...scope, eventId }),
    resendEvent: (eventId: string, endpointId: string | undefined) =>
      resendEvent({ db, actor: actor(), ...scope, eventId, endpointId, ...resendConfig(ctx) }),
  };
}

const merchantApi = { policy: { kind: 'merchant_api' } } as const;
const apiOps = (ctx: Context) => {
  const { merchantId, mode } = merchantOf(ctx);
  return endpointOps(ctx, { merchantId, mode }, () => apiActor(ctx));
};

/** How often a `ducat listen` session looks for new deliveries. */
const LISTEN_POLL_MS = 250;

/** What a `ducat listen` session streams (server-sent events over /trpc). */
export type ListenMessage =
  | { kind: 'session'; endpointId: string; secret: string; mode: (typeof MODES)[number] }
  | { kind: 'delivery'; deliveryId: string; eventId: string; type: string; body: string };

/**
 * `ducat listen`: a temporary endpoint tied to this connection. Its first message carries the
 * endpoint and its secret (this stream is the only place it is shown); then each event it is
 * subscribed to, as the exact body to forward. The CLI reports each forward's outcome with
 * `listenResult`. The endpoint is removed when the connection closes.
 */
export const listenProcedure = procedure
  .meta(merchantApi)
  .input(z.object({ enabledEvents: ZEnabledEvents.default(['*']) }))
  .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<ListenMessage> {
    const { merchantId, mode } = merchantOf(ctx);
    const actor = apiActor(ctx);
    const { endpoint, secret } = await openListenSession({
      db: ctx.db,
      actor,
      masterKey: ctx.identity.config.masterKey,
      merchantId,
      mode,
      enabledEvents: input.enabledEvents,
    });
    await ctx.identity.credentials.invalidate(merchantId);
    try {
      yield { kind: 'session', endpointId: endpoint.id, secret, mode };
      const handedOut = new Set<string>();
      while (!signal?.aborted) {
        const due = await nextListenDeliveries({ db: ctx.db, endpointId: endpoint.id, handedOut });
        for (const d of due) {
          handedOut.add(d.id);
          yield {
            kind: 'delivery',
            deliveryId: d.id,
            eventId: d.eventId,
            type: d.type,
            body: JSON.stringify(d.body),
          };
        }
        // Reported ones may be resent (pending again): they are handed out anew.
        if (handedOut.size > 200) handedOut.clear();
        await sleep(LISTEN_POLL_MS, signal);
      }
    } finally {
      await closeListenSession({ db: ctx.db, actor, merchantId, mode, endpointId: endpoint.id });
      await ctx.identity.credentials.invalidate(merchantId);
    }
  });

/** Merchant API: webhook endpoints of the calling key's mode. */
export const webhookEndpointsRouter = router({
  list: procedure
    .meta(merchantApi)
    .output(z.array(ZWebhookEndpoint))
    .query(({ ctx }) => apiOps(ctx).list()),
  /** Adds an endpoint; its signing secret is in this response only. */
  create: procedure
    .meta(merchantApi)
    .input(z.object(ZEndpointFields))
    .output(ZCreated)
    .mutation(({ ctx, input }) => apiOps(ctx).create(input)),
  update: procedure
    .meta(merchantApi)
    .input(z.object({ endpointId: ZEndpointId, ...ZEndpointPatch }))
    .output(ZWebhookEndpoint)
    .mutation(({ ctx, input }) => {
      const { endpointId, ...patch } = input;
      return apiOps(ctx).update(endpointId, patch);
    }),
  delete: procedure
    .meta(merchantApi)
    .input(z.object({ endpointId: ZEndpointId }))
    .output(ZWebhookEndpoint)
    .mutation(({ ctx, input }) => apiOps(ctx).delete(input.endpointId)),
  /** A new secret (in this response only); the old one keeps signing for the grace period. */
  rotateSecret: procedure
    .meta(merchantApi)
    .input(z.object({ endpointId: ZEndpointId, graceSeconds: ZGraceSeconds.optional() }))
    .output(ZRotated)
    .mutation(({ ctx, input }) => apiOps(ctx).rotateSecret(input.endpointId, input.graceSeconds)),
  listen: listenProcedure,
  /** A `ducat listen` session reports what forwarding one delivery to the local server gave. */
  listenResult: procedure
    .meta(merchantApi)
    .input(
      z.object({
        endpointId: ZEndpointId,
        deliveryId: z.string().min(1).max(40),
        statusCode: z.number().int().min(100).max(599).nullable(),
        latencyMs: z.number().int().min(0).max(3_600_000),
        error: z.string().max(500).nullable().default(null),
      }),
    )
    .output(z.object({ status: z.enum(['delivered', 'failed']) }))
    .mutation(({ ctx, input }) => {
      const { merchantId, mode } = merchantOf(ctx);
      return recordListenResult({ db: ctx.db, redis: ctx.redis, merchantId, mode, ...input });
    }),
});

/** Merchant API: the events sent in the calling key's mode (kept 30 days). */
export const eventsRouter = router({
  list: procedure
    .meta(merchantApi)
    .input(z.object(ZEventFilters).default({ limit: 20 }))
    .output(z.object({ items: z.array(ZEvent), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => apiOps(ctx).listEvents(input)),
  get: procedure
    .meta(merchantApi)
    .input(z.object({ eventId: ZEventId }))
    .output(ZEventDetail)
    .query(({ ctx, input }) => apiOps(ctx).getEvent(input.eventId)),
  /** Sends the event again now, to one endpoint or to every subscribed one. */
  resend: procedure
    .meta(merchantApi)
    .input(z.object({ eventId: ZEventId, endpointId: ZEndpointId.optional() }))
    .output(z.array(ZEventResend))
    .mutation(({ ctx, input }) => apiOps(ctx).resendEvent(input.eventId, input.endpointId)),
});

/** The merchant's own developers and owner; platform admins and support may look. */
const readers = {
  policy: { kind: 'staff', roles: ['admin', 'support', 'owner', 'developer'] },
} as const;
const writers = { policy: { kind: 'staff', roles: ['owner', 'developer'] } } as const;
const ZScope = { merchantId: ZMerchantId, mode: z.enum(MODES).default('test') };
const areaOps = (ctx: Context & { actor?: Actor | undefined }, scope: Scope) =>
  endpointOps(ctx, scope, () => staffActor(ctx));

/** The merchant area: the same endpoints and events, for merchant staff in the portal. */
export const webhooksAreaRouter = router({
  /** The event types an endpoint can subscribe to. */
  eventTypes: procedure
    .meta(readers)
    .input(z.object({ merchantId: ZMerchantId }))
    .output(z.array(z.enum(IPN_TYPES)))
    .query(() => [...IPN_TYPES]),
  list: procedure
    .meta(readers)
    .input(z.object(ZScope))
    .output(z.array(ZWebhookEndpoint))
    .query(({ ctx, input }) => areaOps(ctx, input).list()),
  create: procedure
    .meta(writers)
    .input(z.object({ ...ZScope, ...ZEndpointFields }))
    .output(ZCreated)
    .mutation(({ ctx, input }) => {
      const { merchantId, mode, ...fields } = input;
      return areaOps(ctx, { merchantId, mode }).create(fields);
    }),
  update: procedure
    .meta(writers)
    .input(z.object({ ...ZScope, endpointId: ZEndpointId, ...ZEndpointPatch }))
    .output(ZWebhookEndpoint)
    .mutation(({ ctx, input }) => {
      const { merchantId, mode, endpointId, ...patch } = input;
      return areaOps(ctx, { merchantId, mode }).update(endpointId, patch);
    }),
  delete: procedure
    .meta(writers)
    .input(z.object({ ...ZScope, endpointId: ZEndpointId }))
    .output(ZWebhookEndpoint)
    .mutation(({ ctx, input }) => areaOps(ctx, input).delete(input.endpointId)),
  rotateSecret: procedure
    .meta(writers)
    .input(z.object({ ...ZScope, endpointId: ZEndpointId, graceSeconds: ZGraceSeconds.optional() }))
    .output(ZRotated)
    .mutation(({ ctx, input }) =>
      areaOps(ctx, input).rotateSecret(input.endpointId, input.graceSeconds),
    ),
  events: procedure
    .meta(readers)
    .input(z.object({ ...ZScope, ...ZEventFilters }))
    .output(z.object({ items: z.array(ZEvent), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => {
      const { merchantId, mode, ...filters } = input;
      return areaOps(ctx, { merchantId, mode }).listEvents(filters);
    }),
  resendEvent: procedure
    .meta(writers)
    .input(z.object({ ...ZScope, eventId: ZEventId, endpointId: ZEndpointId.optional() }))
    .output(z.array(ZEventResend))
    .mutation(({ ctx, input }) => areaOps(ctx, input).resendEvent(input.eventId, input.endpointId)),
});

import { z } from 'zod';
import { procedure, staffActor } from '../../auth/authorize.js';
import { IPN_STATUSES, MODES } from '../../db/schema/index.js';
import { IPN_ATTEMPT_OUTCOMES, listIpnAttempts } from '../../domains/ipn/list-ipn-attempts.js';
import { listIpnDeliveries } from '../../domains/ipn/list-ipn-deliveries.js';
import { resendIpn } from '../../domains/ipn/resend-ipn.js';
import { IPN_TIMEOUT_MS_DEFAULT } from '../../env.js';
import { router } from '../../trpc.js';
import { ZMerchantId } from '../schemas.js';

const ZId = z.string().min(1).max(40);
const ZPage = {
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};

export const ZIpnDelivery = z.object({
  id: z.string(),
  eventId: z.string(),
  mode: z.enum(MODES),
  endpointId: z.string().nullable(),
  orderId: z.string().nullable(),
  type: z.string(),
  seq: z.number(),
  url: z.string(),
  status: z.enum(IPN_STATUSES),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  giveUpAt: z.string(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  body: z.unknown(),
});

export const ZIpnAttempt = z.object({
  id: z.number(),
  deliveryId: z.string(),
  attemptedAt: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  statusCode: z.number().nullable(),
  latencyMs: z.number(),
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
});

/** The merchant's own people and platform admin/support (who help merchants debug endpoints). */
const IPN_ROLES = ['admin', 'support', 'owner', 'developer'] as const;

/** IPN deliveries of one merchant: what was sent, every attempt, and a manual resend. */
export const ipnRouter = router({
  list: procedure
    .meta({ policy: { kind: 'staff', roles: IPN_ROLES } })
    .input(
      z.object({
        merchantId: ZMerchantId,
        mode: z.enum(MODES),
        orderId: ZId.optional(),
        status: z.enum(IPN_STATUSES).optional(),
        ...ZPage,
      }),
    )
    .output(z.object({ items: z.array(ZIpnDelivery), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listIpnDeliveries({ db: ctx.db, ...input })),

  attempts: procedure
    .meta({ policy: { kind: 'staff', roles: IPN_ROLES } })
    .input(
      z.object({
        merchantId: ZMerchantId,
        mode: z.enum(MODES).optional(),
        deliveryId: ZId.optional(),
        orderId: ZId.optional(),
        outcome: z.enum(IPN_ATTEMPT_OUTCOMES).optional(),
        ...ZPage,
      }),
    )
    .output(z.object({ items: z.array(ZIpnAttempt), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listIpnAttempts({ db: ctx.db, ...input })),

  /** One attempt now; the automatic retry schedule is not changed (see resendIpn). */
  resend: procedure
    .meta({ policy: { kind: 'staff', roles: IPN_ROLES } })
    .input(z.object({ merchantId: ZMerchantId, deliveryId: ZId }))
    .output(z.object({ delivery: ZIpnDelivery, attempt: ZIpnAttempt }))
    .mutation(({ ctx, input }) =>
      resendIpn({
        db: ctx.db,
        actor: staffActor(ctx),
        logger: ctx.logger,
        redis: ctx.redis,
        masterKey: ctx.identity.config.masterKey,
        merchantId: input.merchantId,
        deliveryId: input.deliveryId,
        timeoutMs: ctx.config.ipnTimeoutMs ?? IPN_TIMEOUT_MS_DEFAULT,
        allowPrivateNetworks: ctx.config.ipnAllowPrivateNetworks,
      }),
    ),
});

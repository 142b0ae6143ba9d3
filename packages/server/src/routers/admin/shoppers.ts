import { z } from 'zod';
import { procedure, staffActor } from '../../auth/authorize.js';
import { listInputFields } from '../../db/paginate.js';
import { MODES } from '../../db/schema/index.js';
import { ZOrder } from '../../domains/orders/schemas.js';
import { getShopperDetail } from '../../domains/users/get-shopper-detail.js';
import { SHOPPER_SORT_FIELDS, searchShoppers } from '../../domains/users/search-shoppers.js';
import { setShopperLock } from '../../domains/users/set-shopper-lock.js';
import { router } from '../../trpc.js';
import { ZBalance, ZPageTotal } from '../schemas.js';

const readers = { policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } } as const;
const ZUserId = z.string().regex(/^usr_[1-9A-HJ-NP-Za-km-z]{22}$/, 'a shopper id (usr_…)');

const ZShopper = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  emailVerified: z.boolean(),
  locked: z.boolean(),
  lockedAt: z.string().nullable(),
  lockedReason: z.string().nullable(),
  createdAt: z.string(),
});

/** Shoppers (platform staff): search, one shopper with wallets and orders, lock and unlock. */
export const adminShoppersRouter = router({
  list: procedure
    .meta(readers)
    .input(
      z.object({
        userId: ZUserId.optional(),
        email: z.string().trim().min(1).max(254).optional(),
        name: z.string().trim().min(1).max(200).optional(),
        locked: z.boolean().optional(),
        ...listInputFields(SHOPPER_SORT_FIELDS, { field: 'createdAt', dir: 'desc' }),
      }),
    )
    .output(
      z.object({ items: z.array(ZShopper), nextCursor: z.string().nullable(), ...ZPageTotal }),
    )
    .query(({ ctx, input }) => {
      const { cursor, limit, sort, ...filter } = input;
      return searchShoppers({ db: ctx.db, filter, page: { cursor, limit, sort } });
    }),

  get: procedure
    .meta(readers)
    .input(z.object({ userId: ZUserId }))
    .output(
      z.object({
        shopper: ZShopper,
        wallets: z.array(ZBalance.extend({ mode: z.enum(MODES) })),
        recentOrders: z.array(ZOrder),
      }),
    )
    .query(({ ctx, input }) => getShopperDetail({ db: ctx.db, userId: input.userId })),

  /** Locks (ends every session; log-in refused) or unlocks a shopper; audited, with an event. */
  setLocked: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'support'] } })
    .input(
      z.object({
        userId: ZUserId,
        locked: z.boolean(),
        reason: z.string().trim().min(3).max(500).optional(),
      }),
    )
    .output(ZShopper)
    .mutation(({ ctx, input }) =>
      setShopperLock({ db: ctx.db, redis: ctx.redis, actor: staffActor(ctx), ...input }),
    ),
});

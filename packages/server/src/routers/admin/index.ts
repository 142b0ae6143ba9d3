import { z } from 'zod';
import { presentedSessionId, procedure, staffActor, staffOf } from '../../auth/authorize.js';
import { withFailedLoginLimit } from '../../auth/failed-login-limit.js';
import { clearSessionCookie, setSessionCookie } from '../../auth/session-cookies.js';
import { listArgs, listInputFields } from '../../db/paginate.js';
import { MERCHANT_STATUSES, MODES, PLATFORM_ROLES, STAFF_ROLES } from '../../db/schema/index.js';
import {
  EXCEPTION_SORT_FIELDS,
  listExceptions,
  resolveException,
} from '../../domains/checkout/resolve-exception.js';
import { changeMerchantStatus } from '../../domains/merchants/change-merchant-status.js';
import { getMerchantDetail } from '../../domains/merchants/get-merchant-detail.js';
import { MERCHANT_SORT_FIELDS, searchMerchants } from '../../domains/merchants/search-merchants.js';
import { updateMerchant } from '../../domains/merchants/update-merchant.js';
import { changeStaffPassword } from '../../domains/staff/change-staff-password.js';
import { createStaffUser } from '../../domains/staff/create-staff-user.js';
import { listAuditLog } from '../../domains/staff/list-audit-log.js';
import { logInStaff } from '../../domains/staff/log-in-staff.js';
import { findActiveStaff } from '../../domains/staff/staff-record.js';
import { AppError } from '../../errors.js';
import { destroySession, readSession } from '../../infra/sessions.js';
import { router } from '../../trpc.js';
import { paymentsOf } from '../payments-of.js';
import {
  ZAuditFilters,
  ZAuditPage,
  ZBalance,
  ZEmail,
  ZMerchant,
  ZMerchantId,
  ZPageTotal,
  ZPassword,
  ZSessionInfo,
  ZStaffMember,
} from '../schemas.js';
import { adminDashboardRouter } from './dashboard.js';
import { adminJobsRouter } from './jobs.js';
import { adminLedgerRouter } from './ledger.js';
import { adminOrdersRouter } from './orders.js';
import { adminProvidersRouter } from './providers.js';
import { reconRouter } from './recon.js';
import { riskAdminRouter } from './risk.js';
import { adminSettingsRouter } from './settings.js';
import { adminShoppersRouter } from './shoppers.js';

/** Staff sessions (platform and merchant staff) and the platform admin's procedures. */
const ZException = z.object({
  id: z.string(),
  orderId: z.string(),
  merchantId: z.string(),
  kind: z.enum(['late_success']),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(['open', 'refunded', 'honoured']),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const adminRouter = router({
  /** Reconciliation: runs, the queue of differences, settlement uploads. */
  recon: reconRouter,
  risk: riskAdminRouter,
  orders: adminOrdersRouter,
  shoppers: adminShoppersRouter,
  ledger: adminLedgerRouter,
  dashboard: adminDashboardRouter,
  providers: adminProvidersRouter,
  settings: adminSettingsRouter,
  jobs: adminJobsRouter,

  /** The exception queue: money that arrived for orders that had ended. */
  exceptions: router({
    list: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
      .input(
        z.object({
          status: z.enum(['open', 'refunded', 'honoured']).optional(),
          merchantId: ZMerchantId.optional(),
          ...listInputFields(EXCEPTION_SORT_FIELDS, { field: 'createdAt', dir: 'desc' }),
        }),
      )
      .output(
        z.object({
          items: z.array(ZException.extend({ merchantName: z.string() })),
          nextCursor: z.string().nullable(),
          ...ZPageTotal,
        }),
      )
      .query(({ ctx, input }) => {
        const { cursor, limit, sort, ...filter } = input;
        return listExceptions({
          services: paymentsOf(ctx),
          ...filter,
          page: { cursor, limit, sort },
        });
      }),

    /** Refund the shopper, or honour the payment (credit the merchant, order succeeds). */
    resolve: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'finance'] } })
      .input(
        z.object({
          exceptionId: z.string().regex(/^exc_[1-9A-HJ-NP-Za-km-z]{22}$/),
          action: z.enum(['refund', 'honour']),
          note: z.string().max(500).optional(),
        }),
      )
      .output(ZException)
      .mutation(({ ctx, input }) =>
        resolveException({ services: paymentsOf(ctx), actor: staffActor(ctx), ...input }),
      ),
  }),

  logIn: procedure
    .meta({ policy: { kind: 'public', rateLimit: 'login' } })
    .input(z.object({ email: ZEmail, password: z.string().min(1).max(200) }))
    .output(ZSessionInfo)
    .mutation(async ({ ctx, input }) => {
      const session = await withFailedLoginLimit(ctx, () =>
        logInStaff({
          db: ctx.db,
          redis: ctx.redis,
          sessions: ctx.identity.config.sessions,
          scrypt: ctx.identity.config.scrypt,
          previousSessionId: presentedSessionId(ctx, 'staff'),
          ip: ctx.ip,
          userAgent: ctx.headers['user-agent'],
          requestId: ctx.requestId,
          ...input,
        }),
      );
      setSessionCookie(ctx, session);
      return {
        csrfToken: session.csrfToken,
        expiresAt: new Date(session.absoluteExpiresAt).toISOString(),
      };
    }),

  logOut: procedure
    .meta({ policy: { kind: 'staff_self' } })
    .output(z.object({ loggedOut: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await destroySession({ redis: ctx.redis, id: staffOf(ctx).sessionId });
      clearSessionCookie(ctx, 'staff');
      return { loggedOut: true as const };
    }),

  /** Changes the caller's own password; every other session of theirs ends. */
  changePassword: procedure
    // Limited like log-in: a stolen session must not become a password-guessing oracle.
    .meta({ policy: { kind: 'staff_self', rateLimit: 'login' } })
    .input(z.object({ currentPassword: z.string().min(1).max(200), password: ZPassword }))
    .output(ZSessionInfo)
    .mutation(async ({ ctx, input }) => {
      const actor = staffActor(ctx);
      const session = await changeStaffPassword({
        db: ctx.db,
        redis: ctx.redis,
        scrypt: ctx.identity.config.scrypt,
        sessions: ctx.identity.config.sessions,
        actor,
        ...input,
      });
      setSessionCookie(ctx, session);
      return {
        csrfToken: session.csrfToken,
        expiresAt: new Date(session.absoluteExpiresAt).toISOString(),
      };
    }),

  me: procedure
    .meta({ policy: { kind: 'staff_self' } })
    .output(ZStaffMember)
    .query(async ({ ctx }) => {
      const staff = await findActiveStaff({ db: ctx.db, staffId: staffOf(ctx).staffId });
      if (!staff) throw new AppError('session_required');
      return staff;
    }),

  /**
   * The caller's session: its CSRF token (for mutations) and expiry. A web app that renders on
   * the server reads it with the cookie, so the token is never kept in browser storage.
   */
  session: procedure
    .meta({ policy: { kind: 'staff_self' } })
    .output(ZSessionInfo)
    .query(async ({ ctx }) => {
      const session = await readSession({
        redis: ctx.redis,
        config: ctx.identity.config.sessions,
        id: staffOf(ctx).sessionId,
        kind: 'staff',
      });
      if (!session) throw new AppError('session_required');
      return {
        csrfToken: session.csrfToken,
        expiresAt: new Date(session.absoluteExpiresAt).toISOString(),
      };
    }),

  merchants: router({
    /** Search by id, status, business name (contains) or email (contact, or a staff address). */
    list: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
      .input(
        z.object({
          merchantId: ZMerchantId.optional(),
          status: z.enum(MERCHANT_STATUSES).optional(),
          name: z.string().trim().min(1).max(200).optional(),
          email: z.string().trim().min(1).max(254).optional(),
          ...listInputFields(MERCHANT_SORT_FIELDS, { field: 'createdAt', dir: 'desc' }),
        }),
      )
      .output(
        z.object({ items: z.array(ZMerchant), nextCursor: z.string().nullable(), ...ZPageTotal }),
      )
      .query(({ ctx, input }) => {
        const { cursor, limit, sort, ...filter } = input;
        return searchMerchants({ db: ctx.db, filter, page: { cursor, limit, sort } });
      }),

    /** The merchant with its balances (both modes), staff and counts. */
    get: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'finance'] } })
      .input(z.object({ merchantId: ZMerchantId }))
      .output(
        z.object({
          merchant: ZMerchant,
          balances: z.object({ test: z.array(ZBalance), live: z.array(ZBalance) }),
          counts: z.object({
            orders: z.number().int(),
            ordersByStatus: z.record(z.string(), z.number().int()),
            failedIpnDeliveries: z.number().int(),
            credentials: z.array(
              z.object({ mode: z.enum(MODES), kind: z.string(), count: z.number().int() }),
            ),
          }),
          staff: z.array(
            z.object({
              id: z.string(),
              email: z.string(),
              name: z.string().nullable(),
              role: z.enum(STAFF_ROLES),
              disabled: z.boolean(),
            }),
          ),
        }),
      )
      .query(({ ctx, input }) => getMerchantDetail({ db: ctx.db, merchantId: input.merchantId })),

    setStatus: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin'] } })
      .input(
        z.object({
          merchantId: ZMerchantId,
          status: z.enum(MERCHANT_STATUSES),
          reason: z.string().max(500).optional(),
        }),
      )
      .output(ZMerchant)
      .mutation(async ({ ctx, input }) => {
        const merchant = await ctx.db.transaction((tx) =>
          changeMerchantStatus({ tx, actor: staffActor(ctx), ...input }),
        );
        await ctx.identity.merchants.invalidate(input.merchantId);
        return merchant;
      }),

    /** The platform's fee on each of the merchant's payments, in basis points (290 = 2.9%). */
    setFee: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'finance'] } })
      .input(z.object({ merchantId: ZMerchantId, feeBps: z.number().int().min(0).max(5_000) }))
      .output(ZMerchant)
      .mutation(async ({ ctx, input }) => {
        const merchant = await ctx.db.transaction((tx) =>
          updateMerchant({
            tx,
            actor: staffActor(ctx),
            merchantId: input.merchantId,
            patch: { feeBps: input.feeBps },
          }),
        );
        await ctx.identity.merchants.invalidate(input.merchantId);
        return merchant;
      }),
  }),

  staff: router({
    create: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin'] } })
      .input(
        z.object({
          email: ZEmail,
          password: ZPassword,
          name: z.string().max(200).optional(),
          role: z.enum(PLATFORM_ROLES),
        }),
      )
      .output(ZStaffMember)
      .mutation(({ ctx, input }) =>
        createStaffUser({
          db: ctx.db,
          actor: staffActor(ctx),
          scrypt: ctx.identity.config.scrypt,
          ...input,
        }),
      ),
  }),

  /** The audit trail, filtered by actor, action, target and time; newest first. */
  audit: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'support'] } })
    .input(
      z.object({
        merchantId: ZMerchantId.optional(),
        ...ZAuditFilters,
        ...listInputFields(['id'], { field: 'id', dir: 'desc' }),
      }),
    )
    .output(ZAuditPage)
    .query(({ ctx, input }) => {
      return listAuditLog({ db: ctx.db, ...listArgs(input) });
    }),
});

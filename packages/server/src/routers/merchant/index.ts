import { z } from 'zod';
import { merchantOf, procedure, staffActor } from '../../auth/authorize.js';
import { listArgs, listInputFields } from '../../db/paginate.js';
import { CREDENTIAL_KINDS, MERCHANT_ROLES, MODES } from '../../db/schema/index.js';
import { applyMerchant } from '../../domains/merchants/apply-merchant.js';
import { getMerchant } from '../../domains/merchants/get-merchant.js';
import { issueMerchantCredential } from '../../domains/merchants/issue-merchant-credential.js';
import { listMerchantCredentials } from '../../domains/merchants/list-merchant-credentials.js';
import { revokeMerchantCredential } from '../../domains/merchants/revoke-merchant-credential.js';
import { updateMerchant } from '../../domains/merchants/update-merchant.js';
import {
  MAX_LOGO_BYTES,
  uploadMerchantLogo,
} from '../../domains/merchants/upload-merchant-logo.js';
import { createStaffUser } from '../../domains/staff/create-staff-user.js';
import { listAuditLog } from '../../domains/staff/list-audit-log.js';
import { router } from '../../trpc.js';
import {
  ZAuditFilters,
  ZAuditPage,
  ZCredential,
  ZEmail,
  ZGraceSeconds,
  ZHttpsUrl,
  ZMerchant,
  ZMerchantId,
  ZMerchantSettingsFields,
  ZPassword,
  ZStaffMember,
} from '../schemas.js';
import { merchantAreaRouters, rotateCredential } from './area.js';
import { campaignsAreaRouter } from './campaigns.js';
import { ipnRouter } from './ipn.js';
import { webhooksAreaRouter } from './webhooks.js';

const ZProfileFields = {
  businessName: z.string().trim().min(2).max(200),
  website: ZHttpsUrl,
  contactEmail: ZEmail,
  callbackUrl: ZMerchantSettingsFields.callbackUrl,
  ipnUrl: ZMerchantSettingsFields.ipnUrl,
  allowedOrigins: ZMerchantSettingsFields.allowedOrigins,
};

/**
 * The merchant area (merchant staff, and platform staff looking at one merchant), onboarding,
 * and the merchant API itself (JWT-authenticated).
 */
export const merchantRouter = router({
  submitApplication: procedure
    .meta({ policy: { kind: 'public', rateLimit: 'signup' } })
    .input(
      z.object({
        ...ZProfileFields,
        owner: z.object({
          email: ZEmail,
          password: ZPassword,
          name: z.string().max(200).optional(),
        }),
      }),
    )
    .output(z.object({ merchantId: z.string(), ownerId: z.string() }))
    .mutation(({ ctx, input }) =>
      applyMerchant({ db: ctx.db, application: input, scrypt: ctx.identity.config.scrypt }),
    ),

  /** Merchant API: who the presented JWT authenticates, and in which mode. */
  whoami: procedure
    .meta({ policy: { kind: 'merchant_api' } })
    .output(z.object({ merchantId: z.string(), mode: z.enum(MODES), credentialId: z.string() }))
    .query(({ ctx }) => {
      const { merchantId, mode, credentialId } = merchantOf(ctx);
      return { merchantId, mode, credentialId };
    }),

  get: procedure
    .meta({
      policy: { kind: 'staff', roles: ['admin', 'support', 'finance', 'owner', 'developer'] },
    })
    .input(z.object({ merchantId: ZMerchantId }))
    .output(ZMerchant)
    .query(({ ctx, input }) =>
      getMerchant({ cache: ctx.identity.merchants, merchantId: input.merchantId }),
    ),

  update: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'owner'] } })
    .input(
      z.object({
        merchantId: ZMerchantId,
        ...z.object(ZProfileFields).partial().shape,
        ...z.object(ZMerchantSettingsFields).partial().shape,
      }),
    )
    .output(ZMerchant)
    .mutation(async ({ ctx, input }) => {
      const { merchantId, ...patch } = input;
      const merchant = await ctx.db.transaction((tx) =>
        updateMerchant({ tx, actor: staffActor(ctx), merchantId, patch }),
      );
      await ctx.identity.merchants.invalidate(merchantId);
      return merchant;
    }),

  /**
   * Uploads the checkout logo (PNG, JPEG or WebP, at most 256 KB, as base64): checked by its
   * bytes, served by the platform at `/logos/<logoId>` with that type and `nosniff`.
   */
  uploadLogo: procedure
    .meta({ policy: { kind: 'staff', roles: ['admin', 'owner'] } })
    .input(
      z.object({
        merchantId: ZMerchantId,
        contentBase64: z
          .base64('the image as base64')
          .max(Math.ceil(MAX_LOGO_BYTES / 3) * 4, 'The logo must be at most 256 KB.'),
      }),
    )
    .output(ZMerchant)
    .mutation(async ({ ctx, input }) => {
      const bytes = Buffer.from(input.contentBase64, 'base64');
      const merchant = await ctx.db.transaction((tx) =>
        uploadMerchantLogo({ tx, actor: staffActor(ctx), merchantId: input.merchantId, bytes }),
      );
      await ctx.identity.merchants.invalidate(input.merchantId);
      return merchant;
    }),

  credentials: router({
    list: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'owner', 'developer'] } })
      .input(z.object({ merchantId: ZMerchantId }))
      .output(z.array(ZCredential))
      .query(({ ctx, input }) =>
        listMerchantCredentials({ db: ctx.db, merchantId: input.merchantId }),
      ),

    /**
     * Issues a key or webhook secret (rotating out the current one after the grace period). The
     * secret is in this response only. Platform staff cannot call it: only the merchant's own
     * people ever see its secrets.
     */
    issue: procedure
      .meta({ policy: { kind: 'staff', roles: ['owner', 'developer'] } })
      .input(
        z.object({
          merchantId: ZMerchantId,
          kind: z.enum(CREDENTIAL_KINDS),
          mode: z.enum(MODES),
          graceSeconds: ZGraceSeconds.optional(),
        }),
      )
      .output(z.object({ credential: ZCredential, secret: z.string() }))
      .mutation(async ({ ctx, input }) => {
        const issued = await ctx.db.transaction((tx) =>
          issueMerchantCredential({
            tx,
            actor: staffActor(ctx),
            masterKey: ctx.identity.config.masterKey,
            merchantId: input.merchantId,
            kind: input.kind,
            mode: input.mode,
            graceSeconds: input.graceSeconds ?? ctx.identity.config.keyRotationGraceSeconds,
          }),
        );
        await ctx.identity.credentials.invalidate(input.merchantId);
        return issued;
      }),

    /** Rotates one credential: a new secret (shown once); this one works for the grace period. */
    rotate: rotateCredential,

    revoke: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'owner', 'developer'] } })
      .input(z.object({ merchantId: ZMerchantId, credentialId: z.string().max(40) }))
      .output(ZCredential)
      .mutation(async ({ ctx, input }) => {
        const revoked = await ctx.db.transaction((tx) =>
          revokeMerchantCredential({ tx, actor: staffActor(ctx), ...input }),
        );
        // At once in this process; other processes within their cache's second.
        await ctx.identity.credentials.invalidate(input.merchantId);
        return revoked;
      }),
  }),

  ipn: ipnRouter,
  webhookEndpoints: webhooksAreaRouter,
  campaigns: campaignsAreaRouter,
  ...merchantAreaRouters,

  staff: router({
    create: procedure
      .meta({ policy: { kind: 'staff', roles: ['admin', 'owner'] } })
      .input(
        z.object({
          merchantId: ZMerchantId,
          email: ZEmail,
          password: ZPassword,
          name: z.string().max(200).optional(),
          role: z.enum(MERCHANT_ROLES),
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
    .meta({ policy: { kind: 'staff', roles: ['admin', 'support', 'owner'] } })
    .input(
      z.object({
        merchantId: ZMerchantId,
        ...ZAuditFilters,
        ...listInputFields(['id'], { field: 'id', dir: 'desc' }),
      }),
    )
    .output(ZAuditPage)
    .query(({ ctx, input }) => {
      return listAuditLog({ db: ctx.db, ...listArgs(input) });
    }),
});

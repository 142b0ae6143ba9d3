import { z } from 'zod';
import { CREDENTIAL_KINDS, MERCHANT_STATUSES, MODES, STAFF_ROLES } from '../db/schema/index.js';

/** Input and output shapes shared by several routers. */
export const ZEmail = z.email().max(254);
export const ZPassword = z.string().min(10, 'at least 10 characters').max(200);
export const ZMerchantId = z.string().regex(/^mch_[1-9A-Za-z]{22}$/, 'a merchant id (mch_…)');
export const ZHttpsUrl = z
  .url()
  .max(500)
  .refine((u) => /^https?:\/\//.test(u), 'an http(s) URL');
export const ZOrigin = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[^/\s*]+$/, 'an origin such as https://shop.example')
  // Exactly an origin: no credentials, path, query or wildcard (it feeds CSP frame-ancestors
  // and postMessage origin checks).
  .refine((s) => {
    try {
      return new URL(s).origin === s;
    } catch {
      return false;
    }
  }, 'an origin such as https://shop.example (scheme, host and port only)');

/**
 * What a merchant sets about its checkout: how many failed attempts an order takes, and the
 * branding the shopper sees. Colours are `#rrggbb` only (they reach a style attribute).
 */
export const ZCheckoutSettings = z.object({
  maxFailedAttempts: z.number().int().min(1).max(20),
  displayName: z.string().trim().min(1).max(100).nullable(),
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #1f4fd1')
    .transform((c) => c.toLowerCase())
    .nullable(),
  supportEmail: ZEmail.nullable(),
  supportUrl: ZHttpsUrl.nullable(),
  termsUrl: ZHttpsUrl.nullable(),
  privacyUrl: ZHttpsUrl.nullable(),
});

/**
 * The settings a merchant changes itself, in the merchant area and through the merchant API
 * (`settings.update`, `POST /v1/settings`): one schema, so both accept exactly the same.
 */
export const ZMerchantSettingsFields = {
  callbackUrl: ZHttpsUrl.meta({
    description: 'Where shoppers come back after paying (orders may name their own).',
  }),
  ipnUrl: ZHttpsUrl.meta({
    description:
      "The primary IPN endpoint's URL (the other endpoints are managed as webhook endpoints).",
  }),
  allowedOrigins: z
    .array(ZOrigin)
    .max(20)
    .meta({ description: 'Origins (scheme://host[:port]) that may embed the checkout widget.' }),
  signatureThreshold: z.number().int().min(0).max(1_000_000_000_000_000).nullable().meta({
    description: 'Orders above this amount (minor units) must carry a body signature; null: never.',
  }),
  ...ZCheckoutSettings.shape,
};

/** What `settings.update` takes: only the fields that change; a field not listed is refused. */
export const ZUpdateMerchantSettingsInput = z.object(ZMerchantSettingsFields).partial().strict();

/** What `settings.get` answers; the logo is uploaded in the merchant area only. */
export const ZMerchantSettings = z.object({
  merchantId: z.string(),
  callbackUrl: z.string(),
  ipnUrl: z.string(),
  allowedOrigins: z.array(z.string()),
  signatureThreshold: z.number().int().nullable(),
  maxFailedAttempts: z.number().int(),
  displayName: z.string().nullable(),
  brandColor: z.string().nullable(),
  supportEmail: z.string().nullable(),
  supportUrl: z.string().nullable(),
  termsUrl: z.string().nullable(),
  privacyUrl: z.string().nullable(),
  /** Path of the checkout logo on the API host (`/logos/<id>`), or null. */
  logoUrl: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});

export const ZMerchant = z.object({
  id: z.string(),
  businessName: z.string(),
  website: z.string(),
  contactEmail: z.string(),
  callbackUrl: z.string(),
  ipnUrl: z.string(),
  allowedOrigins: z.array(z.string()),
  status: z.enum(MERCHANT_STATUSES),
  feeBps: z.number().int(),
  signatureThreshold: z.number().int().nullable(),
  maxFailedAttempts: z.number().int(),
  displayName: z.string().nullable(),
  brandColor: z.string().nullable(),
  supportEmail: z.string().nullable(),
  supportUrl: z.string().nullable(),
  termsUrl: z.string().nullable(),
  privacyUrl: z.string().nullable(),
  logoId: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZCredential = z.object({
  id: z.string(),
  merchantId: z.string(),
  mode: z.enum(MODES),
  kind: z.enum(CREDENTIAL_KINDS),
  hint: z.string(),
  state: z.enum(['active', 'grace', 'expired', 'revoked']),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const ZStaffMember = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(STAFF_ROLES),
  merchantId: z.string().nullable(),
});

export const ZAuditEntry = z.object({
  id: z.number(),
  actorType: z.string(),
  actorId: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  merchantId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.string(),
});

/** An instant with its offset (`2026-11-26T03:00:00Z`, `…+01:00`). */
export const ZDateTime = z.iso.datetime({ offset: true });

/** A balance per currency: posted, reserved by pending transfers, and what may be spent now. */
export const ZBalance = z.object({
  currency: z.string(),
  balance: z.number().int(),
  pending: z.number().int(),
  available: z.number().int(),
});

/** The filters of an audit-log view (with `merchantId` where the caller names it). */
export const ZAuditFilters = {
  actorId: z.string().max(40).optional(),
  action: z.string().max(120).optional(),
  targetType: z.string().max(40).optional(),
  targetId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

/** How many rows match a portal list's filter, counted up to 10,000 (`totalCapped`: more). */
export const ZPageTotal = {
  total: z.number().int(),
  totalCapped: z.boolean(),
};

export const ZAuditPage = z.object({
  items: z.array(ZAuditEntry),
  nextCursor: z.string().nullable(),
  ...ZPageTotal,
});

export const ZSessionInfo = z.object({ csrfToken: z.string(), expiresAt: z.string() });

export const ZAccepted = z.object({ accepted: z.literal(true) });

/** A page of an account's balance history: each posting with the balance after it. */
export const ZBalanceHistoryPage = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      transferId: z.string(),
      kind: z.string(),
      amount: z.number().int(),
      balanceAfter: z.number().int(),
      createdAt: z.string(),
      /** The order, refund or payout the movement belongs to (null: none to link to). */
      source: z
        .discriminatedUnion('type', [
          z.object({ type: z.literal('order'), id: z.string() }),
          z.object({ type: z.literal('refund'), id: z.string(), orderId: z.string().nullable() }),
          z.object({ type: z.literal('payout'), id: z.string() }),
        ])
        .nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** How long a rotated-out key or webhook secret keeps working (at most 30 days). */
export const ZGraceSeconds = z
  .number()
  .int()
  .min(0)
  .max(30 * 86_400);

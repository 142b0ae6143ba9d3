import { sql } from 'drizzle-orm';
import { bigint, index, int, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { json, timestampMs } from './util/columns.js';

export const MERCHANT_STATUSES = ['pending', 'active', 'suspended', 'closed'] as const;
export type MerchantStatus = (typeof MERCHANT_STATUSES)[number];

/**
 * A merchant: one business that takes payments. Test and live data of a merchant are told apart
 * by the `mode` of the credential that touches them, not by separate merchant rows, so one
 * onboarding covers both modes.
 */
export const merchants = mysqlTable(
  'merchants',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    businessName: varchar('business_name', { length: 200 }).notNull(),
    website: varchar('website', { length: 500 }).notNull(),
    contactEmail: varchar('contact_email', { length: 254 }).notNull(),
    callbackUrl: varchar('callback_url', { length: 500 }).notNull(),
    ipnUrl: varchar('ipn_url', { length: 500 }).notNull(),
    // Origins allowed to embed the checkout widget (CSP frame-ancestors / postMessage checks).
    allowedOrigins: json('allowed_origins').$type<string[]>().notNull(),
    status: mysqlEnum('status', MERCHANT_STATUSES).notNull().default('pending'),
    // The platform's fee on each payment, in basis points (1/100 of a percent), set by admins.
    feeBps: int('fee_bps', { unsigned: true }).notNull().default(0),
    // Orders above this amount (minor units) must carry a body signature made with the merchant
    // key; null: never required.
    signatureThreshold: bigint('signature_threshold', { mode: 'number' }),
    // Failed payment attempts (declines, provider errors) an order may take before it ends as
    // error_checkout; until then the shopper may try another card, the wallet or a provider.
    maxFailedAttempts: int('max_failed_attempts', { unsigned: true }).notNull().default(5),
    // What the hosted checkout shows of the merchant (all optional; businessName otherwise).
    displayName: varchar('display_name', { length: 100 }),
    brandColor: varchar('brand_color', { length: 7 }),
    supportEmail: varchar('support_email', { length: 254 }),
    supportUrl: varchar('support_url', { length: 500 }),
    termsUrl: varchar('terms_url', { length: 500 }),
    privacyUrl: varchar('privacy_url', { length: 500 }),
    // The current logo (merchant_logos.id); a new upload gets a new id, so its URL never changes
    // content and can be cached for good.
    logoId: varchar('logo_id', { length: 40 }),
    // Bumped on every write: the cache compares it and events carry it for ordering.
    version: int('version', { unsigned: true }).notNull().default(1),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('merchants_status_idx').on(t.status, t.createdAt)],
);

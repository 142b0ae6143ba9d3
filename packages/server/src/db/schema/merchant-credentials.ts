import { sql } from 'drizzle-orm';
import { index, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { modeColumn, timestampMs } from './util/columns.js';

export { MODES, type Mode } from './util/columns.js';
export const CREDENTIAL_KINDS = ['api_key', 'webhook_secret'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/**
 * Merchant secrets: API keys (HS256 JWT signing keys) and webhook signing secrets, per mode.
 * The secret itself is only stored AES-256-GCM encrypted under the platform master key (the
 * platform must be able to recompute HMACs with it, so a one-way hash would not do).
 */
export const merchantCredentials = mysqlTable(
  'merchant_credentials',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    kind: mysqlEnum('kind', CREDENTIAL_KINDS).notNull(),
    // A webhook secret of one webhook endpoint; null: the merchant-wide one (return links,
    // reports, and the primary endpoint).
    endpointId: varchar('endpoint_id', { length: 40 }),
    // Recognisable, non-secret part shown in lists: `dk_test_…wXyZ` (prefix and last four).
    hint: varchar('hint', { length: 40 }).notNull(),
    // `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to the row id as associated data.
    secretCiphertext: varchar('secret_ciphertext', { length: 400 }).notNull(),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    // Set when a newer credential replaced this one: still accepted until then (grace period).
    expiresAt: timestampMs('expires_at'),
    revokedAt: timestampMs('revoked_at'),
    createdBy: varchar('created_by', { length: 40 }),
  },
  // Verification loads every credential of one merchant and kind: a handful of rows.
  (t) => [index('merchant_credentials_merchant_idx').on(t.merchantId, t.kind, t.mode)],
);

import { sql } from 'drizzle-orm';
import { boolean, index, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { json, modeColumn, timestampMs } from './util/columns.js';

export const WEBHOOK_ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];
/** `http`: posted by the delivery worker; `cli`: streamed to a `ducat listen` session. */
export const WEBHOOK_ENDPOINT_KINDS = ['http', 'cli'] as const;
export type WebhookEndpointKind = (typeof WEBHOOK_ENDPOINT_KINDS)[number];

/**
 * Where a merchant receives its events (IPNs): many per merchant and mode, each with the event
 * types it wants (`['*']`: all) and its own signing secret (a `webhook_secret` credential bound
 * to it by `merchant_credentials.endpoint_id`).
 *
 * The primary endpoint of a mode is the merchant's IPN URL of the profile (`merchants.ipn_url`,
 * kept in step by updateMerchant): it is signed with the merchant-wide webhook secret, the one
 * that also signs return links and reports, so merchants from before endpoints existed verify
 * exactly as they did.
 */
export const webhookEndpoints = mysqlTable(
  'webhook_endpoints',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    merchantId: varchar('merchant_id', { length: 40 }).notNull(),
    mode: modeColumn().notNull(),
    url: varchar('url', { length: 500 }).notNull(),
    description: varchar('description', { length: 200 }).notNull().default(''),
    enabledEvents: json('enabled_events').$type<string[]>().notNull(),
    status: mysqlEnum('status', WEBHOOK_ENDPOINT_STATUSES).notNull().default('enabled'),
    // A `cli` endpoint lives as long as its `ducat listen` session (updated_at is its heartbeat).
    kind: mysqlEnum('kind', WEBHOOK_ENDPOINT_KINDS).notNull().default('http'),
    primary: boolean('is_primary').notNull().default(false),
    createdAt: timestampMs('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestampMs('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  // Read in every order transition's transaction (fan-out): a merchant has a handful of rows.
  (t) => [index('webhook_endpoints_merchant_idx').on(t.merchantId, t.mode)],
);

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import {
  type Mode,
  type WebhookEndpointKind,
  type WebhookEndpointStatus,
  webhookEndpoints,
} from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { IPN_TYPES } from '../ipn/enqueue-ipn.js';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

/** A webhook endpoint as the API shows it (never its secret). */
export type WebhookEndpoint = {
  id: string;
  mode: Mode;
  url: string;
  description: string;
  /** The event types it receives; `['*']`: all of them, also types added later. */
  enabledEvents: string[];
  status: WebhookEndpointStatus;
  /** `cli`: a temporary endpoint of a `ducat listen` session. */
  kind: WebhookEndpointKind;
  /** The profile's IPN URL: signed with the merchant-wide webhook secret. */
  primary: boolean;
  createdAt: string;
  updatedAt: string;
};

/** The URL of `cli` endpoints: the delivery worker leaves their deliveries to the session. */
export const CLI_ENDPOINT_URL = 'cli://listen';

/** `['*']` or a list of known event types (a typo is refused, not silently never matched). */
export const ZEnabledEvents = z
  .array(z.union([z.literal('*'), z.enum(IPN_TYPES)]))
  .min(1)
  .max(IPN_TYPES.length + 1)
  .transform((types) => (types.includes('*') ? ['*'] : [...new Set(types)].sort()));

export function endpointWants(
  endpoint: Pick<WebhookEndpointRow, 'enabledEvents'>,
  type: string,
): boolean {
  return endpoint.enabledEvents.includes('*') || endpoint.enabledEvents.includes(type);
}

export function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    mode: row.mode,
    url: row.url,
    description: row.description,
    enabledEvents: row.enabledEvents,
    status: row.status,
    kind: row.kind,
    primary: row.primary,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** One endpoint of this merchant and mode; another merchant's (or mode's) is not found. */
export async function loadWebhookEndpoint(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
  endpointId: string;
  forUpdate?: boolean;
}): Promise<WebhookEndpointRow> {
  const query = options.db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.id, options.endpointId),
        eq(webhookEndpoints.merchantId, options.merchantId),
        eq(webhookEndpoints.mode, options.mode),
      ),
    );
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) {
    throw new AppError('webhook_endpoint_not_found', {
      message: `No ${options.mode} webhook endpoint ${options.endpointId}.`,
      field: 'endpointId',
    });
  }
  return row;
}

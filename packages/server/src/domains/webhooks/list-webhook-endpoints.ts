import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Mode, webhookEndpoints } from '../../db/schema/index.js';
import { toWebhookEndpoint, type WebhookEndpoint } from './endpoint-record.js';

/** One merchant's endpoints of one mode, oldest first (at most MAX_WEBHOOK_ENDPOINTS). */
export async function listWebhookEndpoints(options: {
  db: DbOrTx;
  merchantId: string;
  mode: Mode;
}): Promise<WebhookEndpoint[]> {
  const rows = await options.db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.merchantId, options.merchantId),
        eq(webhookEndpoints.mode, options.mode),
      ),
    )
    .orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
  return rows.map(toWebhookEndpoint);
}

import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { MODES, webhookEndpoints } from '../../db/schema/index.js';
import { newId } from '../../infra/id.js';

/**
 * Keeps each mode's primary endpoint at the profile's IPN URL (created on first use, all event
 * types): the profile field merchants set before endpoints existed keeps doing what it did. An
 * empty URL leaves the endpoints alone (no such endpoint is created). Runs in the transaction
 * that writes the profile.
 */
export async function syncPrimaryEndpoints(options: {
  tx: Tx;
  merchantId: string;
  ipnUrl: string;
  now?: Date;
}): Promise<void> {
  const { tx, merchantId, ipnUrl } = options;
  if (ipnUrl === '') return;
  const now = options.now ?? new Date();
  const existing = await tx
    .select({ id: webhookEndpoints.id, mode: webhookEndpoints.mode })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.primary, true)));
  for (const mode of MODES) {
    const found = existing.find((e) => e.mode === mode);
    if (found) {
      await tx
        .update(webhookEndpoints)
        .set({ url: ipnUrl, updatedAt: now })
        .where(eq(webhookEndpoints.id, found.id));
    } else {
      await tx.insert(webhookEndpoints).values({
        id: newId('we'),
        merchantId,
        mode,
        url: ipnUrl,
        description: 'IPN URL',
        enabledEvents: ['*'],
        status: 'enabled',
        primary: true,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
}

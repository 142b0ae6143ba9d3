import { z } from 'zod';
import { merchantOf, procedure } from '../../auth/authorize.js';
import type { Mode } from '../../db/schema/index.js';
import {
  latestMerchantLogId,
  type MerchantLogRecord,
  readMerchantLog,
} from '../../domains/logs/merchant-log.js';
import { sleep } from '../../infra/sleep.js';
import { router } from '../../trpc.js';

const merchantApi = { policy: { kind: 'merchant_api' } } as const;

/** How often a tail looks for new entries (the same pace as a `ducat listen` session). */
const TAIL_POLL_MS = 250;
const TAIL_BATCH = 100;

/**
 * What `logs.tail` streams (server-sent events over /trpc): `ready` once it is reading (entries
 * from then on are shown), then each entry of the key's merchant and mode as it is written.
 */
export type LogsTailMessage = { kind: 'ready'; mode: Mode; after: string } | MerchantLogRecord;

/** Merchant API: the calling key's API requests and IPN attempts, live (`ducat logs tail`). */
export const logsRouter = router({
  tail: procedure
    .meta(merchantApi)
    .input(
      z
        .object({
          /** Resume after this entry id (a reconnecting tail misses nothing still kept). */
          after: z
            .string()
            .regex(/^\d{1,20}-\d{1,20}$/, 'an entry id (<ms>-<n>)')
            .optional(),
        })
        .default({}),
    )
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<LogsTailMessage> {
      const { merchantId, mode } = merchantOf(ctx);
      const scope = { merchantId, mode };
      let after = input.after ?? (await latestMerchantLogId({ redis: ctx.redis, scope }));
      yield { kind: 'ready', mode, after };
      while (!signal?.aborted) {
        const records = await readMerchantLog({
          redis: ctx.redis,
          scope,
          after,
          limit: TAIL_BATCH,
        });
        for (const record of records) {
          after = record.id;
          yield record;
        }
        if (records.length < TAIL_BATCH) await sleep(TAIL_POLL_MS, signal);
      }
    }),
});

import { asc, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { ledgerPendingTimeouts } from '../../db/schema/index.js';
import { isAppError } from '../../errors.js';
import type { LedgerWriter } from './ledger-writer.js';

/**
 * Voids pending transfers whose timeout has passed. Safe to run from several processes at once:
 * the writer re-checks each transfer under its row lock, so one that was posted or voided in the
 * meantime is simply skipped.
 */
export async function voidExpiredTransfers(options: {
  db: Db;
  writer: LedgerWriter;
  now?: Date;
  limit?: number;
}): Promise<number> {
  const due = await options.db
    .select({ id: ledgerPendingTimeouts.transferId })
    .from(ledgerPendingTimeouts)
    .where(lte(ledgerPendingTimeouts.timeoutAt, options.now ?? new Date()))
    .orderBy(asc(ledgerPendingTimeouts.timeoutAt))
    .limit(options.limit ?? 1_000);
  const results = await Promise.allSettled(
    due.map(({ id }) => options.writer.submit({ type: 'void', transferId: id, reason: 'timeout' })),
  );
  let voided = 0;
  for (const result of results) {
    if (result.status === 'fulfilled') voided++;
    else if (
      !(
        isAppError(result.reason) &&
        ['transfer_already_posted', 'transfer_already_voided'].includes(result.reason.code)
      )
    ) {
      throw result.reason;
    }
  }
  return voided;
}

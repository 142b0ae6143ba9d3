import { index, mysqlTable } from 'drizzle-orm/mysql-core';
import { asciiId, timestampMs } from './util/columns.js';

/**
 * Pending transfers that void themselves at `timeout_at`: one row from the pending transfer's
 * creation until it is posted or voided, written in the same transaction. Kept apart from
 * `ledger_transfers` so that the expiry sweeper's index is paid only by the few transfers that
 * have a timeout, not by every payment.
 */
export const ledgerPendingTimeouts = mysqlTable(
  'ledger_pending_timeouts',
  {
    transferId: asciiId('transfer_id', { length: 40 }).primaryKey(),
    timeoutAt: timestampMs('timeout_at').notNull(),
  },
  // The sweeper's query: due first.
  (t) => [index('ledger_pending_timeouts_due_idx').on(t.timeoutAt)],
);

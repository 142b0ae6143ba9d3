export { type Balance, getBalance, listPostings, type Posting } from './balances.js';
export { createLedgerWriter, type LedgerWriter } from './ledger-writer.js';
export { closeAccount, openAccount, openSystemAccount } from './open-account.js';
export {
  createLinkedTransfers,
  createTransfer,
  getTransfer,
  postTransfer,
  toTransferRecord,
  voidTransfer,
} from './transfers.js';
export type * from './types.js';
export { type LedgerReport, verifyLedger } from './verify-ledger.js';
export { voidExpiredTransfers } from './void-expired-transfers.js';

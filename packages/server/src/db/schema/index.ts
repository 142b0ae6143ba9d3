export * from './idempotency-keys.js';
export * from './ledger-accounts.js';
export * from './ledger-postings.js';
export * from './ledger-transfers.js';
export * from './outbox-events.js';
export * from './processed-events.js';

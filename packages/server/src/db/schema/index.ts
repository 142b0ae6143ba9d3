export * from './idempotency-keys.js';
export * from './outbox-events.js';
export * from './processed-events.js';

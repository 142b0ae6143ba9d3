import { z } from 'zod';
import { ACCOUNT_KINDS, TRANSFER_KINDS } from '../../db/schema/index.js';
import { defineEvent } from '../../events/catalogue.js';

const ZTransferEventPayload = z.object({
  transferId: z.string(),
  kind: z.enum(TRANSFER_KINDS),
  debitAccountId: z.string(),
  creditAccountId: z.string(),
  amount: z.number().int().positive(),
  postedAmount: z.number().int().nonnegative().nullable(),
  currency: z.string().length(3),
  reference: z.string().nullable(),
  linkedId: z.string().nullable(),
});

/**
 * One change of one transfer inside a `ledger.transfers_committed` event: `status` is what the
 * change made of it (`pending`: reserved, `posted`: money moved, `voided`: reservation released,
 * with `reason`).
 */
export const ZTransferChange = ZTransferEventPayload.extend({
  status: z.enum(['pending', 'posted', 'voided']),
  reason: z.enum(['requested', 'timeout']).optional(),
});

/** Most transfer changes one event carries; a larger batch writes several events, in order. */
export const TRANSFER_CHANGES_PER_EVENT = 500;

/**
 * Every ledger batch's changes go out as a few events, not one per transfer: an outbox row costs
 * three index entries and a later relay UPDATE, more than the transfer itself. All of them share
 * one aggregate id (`ledger`), so on Kafka they land in one partition, in commit order.
 */
export const LEDGER_AGGREGATE_ID = 'ledger';

export const ledgerEvents = [
  defineEvent({
    type: 'ledger.account_opened',
    version: 1,
    aggregateType: 'account',
    description: 'A ledger account was opened.',
    schema: z.object({
      accountId: z.string(),
      kind: z.enum(ACCOUNT_KINDS),
      ownerType: z.string(),
      ownerId: z.string(),
      currency: z.string().length(3),
      mode: z.enum(['test', 'live']),
    }),
  }),
  defineEvent({
    type: 'ledger.transfers_committed',
    version: 1,
    aggregateType: 'ledger',
    description:
      'Transfers created, posted or voided in one committed ledger transaction, in the order they were applied.',
    schema: z.object({
      transfers: z.array(ZTransferChange).min(1).max(TRANSFER_CHANGES_PER_EVENT),
    }),
  }),
  // The per-transfer events below are no longer written (since `ledger.transfers_committed`);
  // they stay declared so rows written before the change still parse and publish.
  defineEvent({
    type: 'ledger.transfer_posted',
    version: 1,
    aggregateType: 'transfer',
    description: 'Money moved: a single-phase transfer, or a pending one posted (maybe partially).',
    schema: ZTransferEventPayload,
  }),
  defineEvent({
    type: 'ledger.transfer_pending',
    version: 1,
    aggregateType: 'transfer',
    description: 'A two-phase transfer reserved its amount on both accounts.',
    schema: ZTransferEventPayload,
  }),
  defineEvent({
    type: 'ledger.transfer_voided',
    version: 1,
    aggregateType: 'transfer',
    description: 'A pending transfer was voided (by request or by its timeout); nothing moved.',
    schema: ZTransferEventPayload.extend({ reason: z.enum(['requested', 'timeout']) }),
  }),
] as const;

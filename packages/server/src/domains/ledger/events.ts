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

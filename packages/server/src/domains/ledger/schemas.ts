import { z } from 'zod';
import { ACCOUNT_KINDS, MODES, OWNER_TYPES, TRANSFER_KINDS } from '../../db/schema/index.js';
import { MAX_TRANSFER_AMOUNT } from './types.js';

export const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');

/** Minor units: an integer, positive, at most 10^15. Floats and strings are refused. */
export const ZAmount = z
  .number({ error: 'must be an integer number of minor units' })
  .int('must be an integer number of minor units')
  .positive('must be positive')
  .max(MAX_TRANSFER_AMOUNT, `must be at most ${MAX_TRANSFER_AMOUNT}`);

export const ZAccountId = z
  .string()
  .regex(/^acc_[1-9A-HJ-NP-Za-km-z]{10,40}$/, 'not an account id');
export const ZTransferId = z
  .string()
  .regex(/^trf_[1-9A-HJ-NP-Za-km-z]{10,40}$/, 'not a transfer id');
export const ZIdempotencyKey = z
  .string()
  .min(1)
  .max(191)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/**
 * Free-form metadata: a JSON object of at most 4 KB. Checked here because one value the writer
 * could not serialise would otherwise fail every transfer batched with it.
 */
export const ZMetadata = z.record(z.string(), z.unknown()).refine(
  (value) => {
    try {
      return JSON.stringify(value).length <= 4_096;
    } catch {
      return false;
    }
  },
  { message: 'must be a JSON object of at most 4 KB' },
);

export const ZTransferSpec = z
  .object({
    idempotencyKey: ZIdempotencyKey,
    debitAccountId: ZAccountId,
    creditAccountId: ZAccountId,
    amount: ZAmount,
    currency: ZCurrency,
    kind: z.enum(TRANSFER_KINDS),
    reference: z.string().min(1).max(191).nullish(),
    metadata: ZMetadata.nullish(),
    pending: z.boolean().optional(),
    timeoutMs: z
      .number()
      .int()
      .positive()
      .max(31 * 24 * 3_600_000)
      .nullish(),
  })
  .refine((t) => t.debitAccountId !== t.creditAccountId, {
    message: 'debit and credit accounts must differ',
    path: ['creditAccountId'],
  })
  .refine((t) => t.pending || t.timeoutMs == null, {
    message: 'only a pending transfer can time out',
    path: ['timeoutMs'],
  });

export const ZOpenAccount = z.object({
  ownerType: z.enum(OWNER_TYPES),
  ownerId: z.string().max(64),
  kind: z.enum(ACCOUNT_KINDS),
  currency: ZCurrency,
  mode: z.enum(MODES).default('test'),
});

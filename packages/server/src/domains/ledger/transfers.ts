import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { ledgerTransfers } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { invalidInput } from './errors.js';
import type { LedgerWriter } from './ledger-writer.js';
import { ZAmount, ZTransferId, ZTransferSpec } from './schemas.js';
import type { Transfer, TransferSpec } from './types.js';

function validSpec(spec: unknown): TransferSpec {
  const parsed = ZTransferSpec.safeParse(spec);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

/**
 * Moves money from one account to another: posted at once, or (with `pending: true`) reserved
 * until posted or voided. Resolves once the transfer is durably committed. A retry with the same
 * idempotency key and content returns the first transfer (`replayed: true`); other content under
 * the same key is refused with `idempotency_key_reused`.
 */
export async function createTransfer(
  options: { writer: LedgerWriter } & TransferSpec,
): Promise<{ transfer: Transfer; replayed: boolean }> {
  const { writer, ...spec } = options;
  const result = await writer.submit({ type: 'create', legs: [validSpec(spec)] });
  const [transfer] = result.transfers;
  if (!transfer) throw new Error('ledger returned no transfer');
  return { transfer, replayed: result.replayed };
}

/**
 * Several transfers that succeed or fail together (e.g. a payment and its platform fee). They share
 * a `linkedId`; if any leg is refused, none is applied and the refusal names the leg's problem.
 */
export async function createLinkedTransfers(options: {
  writer: LedgerWriter;
  legs: TransferSpec[];
}): Promise<{ transfers: Transfer[]; replayed: boolean }> {
  if (options.legs.length < 2 || options.legs.length > 16) {
    throw new AppError('validation_failed', {
      message: 'Linked transfers need between 2 and 16 legs.',
      field: 'legs',
    });
  }
  const legs = options.legs.map(validSpec);
  if (new Set(legs.map((l) => l.idempotencyKey)).size !== legs.length) {
    throw new AppError('validation_failed', {
      message: 'Each leg needs its own idempotency key.',
      field: 'legs',
    });
  }
  return options.writer.submit({ type: 'create', legs });
}

/** Posts a pending transfer, for its full amount or less (the rest is released). */
export async function postTransfer(options: {
  writer: LedgerWriter;
  transferId: string;
  amount?: number;
}): Promise<Transfer> {
  const parsed = z
    .object({ transferId: ZTransferId, amount: ZAmount.optional() })
    .safeParse({ transferId: options.transferId, amount: options.amount });
  if (!parsed.success) throw invalidInput(parsed.error);
  const result = await options.writer.submit({ type: 'post', ...parsed.data });
  return result.transfers[0] as Transfer;
}

/** Voids a pending transfer: the reservation is released and nothing moves. */
export async function voidTransfer(options: {
  writer: LedgerWriter;
  transferId: string;
  reason?: 'requested' | 'timeout';
}): Promise<Transfer> {
  const parsed = ZTransferId.safeParse(options.transferId);
  if (!parsed.success) throw invalidInput(parsed.error);
  const result = await options.writer.submit({
    type: 'void',
    transferId: parsed.data,
    reason: options.reason ?? 'requested',
  });
  return result.transfers[0] as Transfer;
}

export async function getTransfer(options: { db: DbOrTx; transferId: string }): Promise<Transfer> {
  const [row] = await options.db
    .select()
    .from(ledgerTransfers)
    .where(eq(ledgerTransfers.id, options.transferId))
    .limit(1);
  if (!row) {
    throw new AppError('transfer_not_found', {
      message: `Transfer ${options.transferId} does not exist.`,
      field: 'transferId',
    });
  }
  return toTransferRecord(row);
}

/** A stored transfer row as domain code sees it (amounts as numbers). */
export function toTransferRecord(row: typeof ledgerTransfers.$inferSelect): Transfer {
  const { updatedAt: _updatedAt, ...transfer } = row;
  return {
    ...transfer,
    amount: Number(transfer.amount),
    postedAmount: transfer.postedAmount === null ? null : Number(transfer.postedAmount),
    metadata: (transfer.metadata ?? null) as Transfer['metadata'],
  };
}

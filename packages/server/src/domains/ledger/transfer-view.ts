import type { Transfer } from './types.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export type TransferView = ReturnType<typeof transferView>;

/** A transfer for the portals (dates as ISO strings). */
export function transferView(t: Transfer) {
  return {
    id: t.id,
    idempotencyKey: t.idempotencyKey,
    debitAccountId: t.debitAccountId,
    creditAccountId: t.creditAccountId,
    amount: t.amount,
    postedAmount: t.postedAmount,
    currency: t.currency,
    kind: t.kind,
    status: t.status,
    reference: t.reference,
    linkedId: t.linkedId,
    metadata: t.metadata,
    createdAt: t.createdAt.toISOString(),
    postedAt: iso(t.postedAt),
    voidedAt: iso(t.voidedAt),
  };
}

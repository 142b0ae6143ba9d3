import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ledgerTransfers } from '../../db/schema/index.js';

/**
 * The ledger transfer made under an idempotency key, if any. Checkout derives keys from the order
 * (`order:<id>:pay`), so a payment that committed in the ledger before a crash is found again.
 */
export async function findTransferByKey(options: {
  db: DbOrTx;
  key: string;
}): Promise<{ id: string; status: string; amount: number; debitAccountId: string } | undefined> {
  const [row] = await options.db
    .select({
      id: ledgerTransfers.id,
      status: ledgerTransfers.status,
      amount: ledgerTransfers.amount,
      debitAccountId: ledgerTransfers.debitAccountId,
    })
    .from(ledgerTransfers)
    .where(eq(ledgerTransfers.idempotencyKey, options.key))
    .limit(1);
  return row ? { ...row, amount: Number(row.amount) } : undefined;
}

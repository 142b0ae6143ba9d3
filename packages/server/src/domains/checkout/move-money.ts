import {
  createLinkedTransfers,
  createTransfer,
  type LedgerWriter,
  type Transfer,
  type TransferSpec,
} from '../ledger/index.js';

/**
 * Moves money as one transfer, or as linked transfers that succeed or fail together (a payment
 * and its platform fee, or a reversal that gives the fee back first). Legs of amount 0 are left
 * out, so a merchant without a fee rate gets a single transfer. Returns the transfer of `main`
 * (the leg whose idempotency key is given).
 */
export async function moveMoney(options: {
  writer: LedgerWriter;
  legs: TransferSpec[];
  main: string;
}): Promise<Transfer> {
  const legs = options.legs.filter((leg) => leg.amount > 0);
  const transfers =
    legs.length === 1
      ? [(await createTransfer({ writer: options.writer, ...(legs[0] as TransferSpec) })).transfer]
      : (await createLinkedTransfers({ writer: options.writer, legs })).transfers;
  const main = transfers.find((t) => t.idempotencyKey === options.main);
  if (!main) throw new Error(`moveMoney: no leg with key ${options.main}`);
  return main;
}

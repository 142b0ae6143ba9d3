/**
 * The platform fee on an amount, in minor units, rounded half up. Computed in BigInt: amount
 * times basis points can pass 2^53 for large amounts.
 */
export function computeFee(amount: number, feeBps: number): number {
  if (feeBps <= 0) return 0;
  const fee = (BigInt(amount) * BigInt(feeBps) + 5_000n) / 10_000n;
  return Number(fee > BigInt(amount) ? BigInt(amount) : fee);
}

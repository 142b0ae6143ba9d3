import { formatMoney } from '@ducat/web-kit';

/** An amount in minor units, formatted for its currency. */
export function Money({ amount, currency }: { amount: number; currency: string }) {
  return <span className="money">{formatMoney(amount, currency)}</span>;
}

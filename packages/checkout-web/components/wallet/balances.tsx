'use client';

import { formatMoney } from '@ducat/web-kit';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/api';

/** The wallet's balances, one per currency and mode, with what is reserved by withdrawals. */
export function Balances() {
  const trpc = useTRPC();
  const balances = useQuery(trpc.wallet.balance.queryOptions());
  return (
    <section className="card" aria-labelledby="balance-title" aria-busy={balances.isPending}>
      <h2 id="balance-title">Balance</h2>
      {balances.isPending ? (
        <p className="skeleton-line">Loading…</p>
      ) : balances.isError ? (
        <p role="alert">Your balance could not be loaded. Reload the page to try again.</p>
      ) : balances.data.length === 0 ? (
        <p className="empty" data-testid="balance">
          {formatMoney(0, 'EUR')}{' '}
          <span className="muted small">Your wallet is empty: add money below.</span>
        </p>
      ) : (
        <ul className="balances">
          {balances.data.map((b) => (
            <li key={`${b.currency}-${b.mode}`} data-testid="balance">
              <span className="balance-amount">{formatMoney(b.available, b.currency)}</span>
              <span className="muted small">
                {b.mode === 'test' ? 'test money · ' : ''}
                {b.pending > 0
                  ? `${formatMoney(b.pending, b.currency)} reserved for withdrawals · balance ${formatMoney(b.balance, b.currency)}`
                  : 'available'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

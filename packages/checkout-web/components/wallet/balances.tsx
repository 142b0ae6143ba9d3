'use client';

import { Card, CardContent, CardHeader, CardTitle, Skeleton } from '@ducat/ui';
import { formatMoney } from '@ducat/web-kit';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/api';

/** The wallet's balances, one per currency and mode, with what is reserved by withdrawals. */
export function Balances() {
  const trpc = useTRPC();
  const balances = useQuery(trpc.wallet.balance.queryOptions());
  return (
    <Card aria-labelledby="balance-title" aria-busy={balances.isPending}>
      <CardHeader>
        <CardTitle id="balance-title">Balance</CardTitle>
      </CardHeader>
      <CardContent>
        {balances.isPending ? (
          <Skeleton className="h-9 w-40" />
        ) : balances.isError ? (
          <p role="alert">Your balance could not be loaded. Reload the page to try again.</p>
        ) : balances.data.length === 0 ? (
          <p data-testid="balance">
            <span className="block text-3xl font-semibold tabular-nums">
              {formatMoney(0, 'EUR')}
            </span>
            <span className="text-sm text-muted-foreground">
              Your wallet is empty: add money below.
            </span>
          </p>
        ) : (
          <ul className="m-0 grid list-none gap-3 p-0">
            {balances.data.map((b) => (
              <li key={`${b.currency}-${b.mode}`} data-testid="balance">
                <span className="block text-3xl font-semibold tabular-nums">
                  {formatMoney(b.available, b.currency)}
                </span>
                <span className="text-sm text-muted-foreground">
                  {b.mode === 'test' ? 'test money · ' : ''}
                  {b.pending > 0
                    ? `${formatMoney(b.pending, b.currency)} reserved for withdrawals · balance ${formatMoney(b.balance, b.currency)}`
                    : 'available'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

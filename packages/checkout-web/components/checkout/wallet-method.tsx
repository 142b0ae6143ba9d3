'use client';

import { Alert, AlertTitle, Button, Skeleton } from '@ducat/ui';
import { formatMoney } from '@ducat/web-kit';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/api';
import type { CheckoutView } from '@/lib/checkout';

/**
 * Paying from the signed-in shopper's wallet. The balance is known before the click: when it
 * falls short, the page says what is missing and offers to add exactly that (a deposit that
 * comes back here) or to pay by card; there is no Pay button for a payment that cannot succeed.
 */
export function WalletMethod(props: {
  view: CheckoutView;
  token: string;
  embed: boolean;
  busy: boolean;
  onPay: () => void;
  /** Absent when no card provider serves the order (a live order with only the sandbox). */
  onChooseCard?: () => void;
}) {
  const { view, token, embed, busy } = props;
  const trpc = useTRPC();
  const balance = useQuery(trpc.wallet.balance.queryOptions());
  const money = (amount: number) => formatMoney(amount, view.currency);

  if (balance.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true">
        <span className="sr-only">Loading your wallet balance…</span>
        <Skeleton className="h-5 w-48" />
        <Skeleton className="h-12 w-full" />
      </div>
    );
  }
  if (balance.isError) {
    return (
      <Alert tone="error">
        <p>Your wallet balance could not be loaded. Reload the page or pay by card.</p>
      </Alert>
    );
  }
  const row = balance.data.find((b) => b.currency === view.currency && b.mode === view.mode);
  const available = row?.available ?? 0;
  const missing = view.amount - available;
  const testMoney = view.mode === 'test' ? ' (test money)' : '';

  if (missing > 0) {
    const returnTo = embed ? `/embed/${token}` : `/pay/${token}`;
    const depositHref = `/wallet?${new URLSearchParams({
      deposit: String(missing),
      currency: view.currency,
      ...(embed ? {} : { returnTo }),
    })}`;
    return (
      <div className="grid gap-3" data-testid="wallet-shortfall">
        <Alert tone="warning" role="status" data-code="insufficient_funds">
          <AlertTitle>Your wallet is {money(missing)} short</AlertTitle>
          <p data-testid="wallet-available">
            It holds {money(available)}
            {testMoney}; this order is {money(view.amount)}.
          </p>
        </Alert>
        <Button asChild block size="lg">
          <a href={depositHref} {...(embed ? { target: '_blank', rel: 'noopener' } : {})}>
            Add {money(missing)} to your wallet
          </a>
        </Button>
        {props.onChooseCard ? (
          <Button variant="outline" block onClick={props.onChooseCard}>
            Pay by card instead
          </Button>
        ) : null}
      </div>
    );
  }

  return (
    <div className="grid gap-3">
      <p className="text-sm text-muted-foreground" data-testid="wallet-available">
        Wallet balance:{' '}
        <strong className="font-semibold text-foreground tabular-nums">{money(available)}</strong>
        {testMoney}
      </p>
      <Button
        block
        size="lg"
        onClick={props.onPay}
        disabled={busy || view.underReview === true}
        aria-busy={busy}
      >
        {busy ? 'Paying…' : `Pay ${money(view.amount)}`}
      </Button>
    </div>
  );
}

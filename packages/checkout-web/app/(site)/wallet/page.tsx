import { Alert, PageHeader, PageTitle } from '@ducat/ui';
import type { Metadata } from 'next';
import { Balances } from '@/components/wallet/balances';
import { DepositForm, WithdrawForm } from '@/components/wallet/deposit-form';
import { BalanceHistory } from '@/components/wallet/history';
import { requireShopper } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Wallet · Ducat' };

const CURRENCY = /^[A-Z]{3}$/;

/** Only back to a checkout of this app (`/pay/…` or `/embed/…`): never to another site. */
function checkoutPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(pay|embed)\/[\w.-]+$/.test(value) ? value : undefined;
}

export default async function WalletPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = await props.searchParams;
  const query = new URLSearchParams(
    Object.entries(search).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
  ).toString();
  const shopper = await requireShopper(`/wallet${query ? `?${query}` : ''}`);
  const currency =
    typeof search.currency === 'string' && CURRENCY.test(search.currency) ? search.currency : 'EUR';
  const deposit = typeof search.deposit === 'string' ? Number(search.deposit) : Number.NaN;
  return (
    <div className="grid gap-4">
      <PageHeader>
        <PageTitle>Your wallet</PageTitle>
      </PageHeader>
      {!shopper.emailVerified ? (
        <Alert tone="info">
          <p>
            Please verify your email: open the link we sent to <strong>{shopper.email}</strong>.
          </p>
        </Alert>
      ) : null}
      <div className="grid items-start gap-4 md:grid-cols-2 lg:grid-cols-3">
        <Balances />
        <DepositForm
          currency={currency}
          initialAmount={Number.isSafeInteger(deposit) && deposit > 0 ? deposit : undefined}
          returnTo={checkoutPath(search.returnTo)}
        />
        <WithdrawForm currency={currency} />
      </div>
      <BalanceHistory currency={currency} mode="test" />
    </div>
  );
}

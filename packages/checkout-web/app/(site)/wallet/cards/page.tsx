import { PageHeader, PageTitle } from '@ducat/ui';
import type { Metadata } from 'next';
import { CardsList } from '@/components/wallet/cards';
import { requireShopper } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Cards · Ducat' };

/** Also where the provider sends the shopper back after saving a card (`?status=…`). */
export default async function CardsPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireShopper('/wallet/cards');
  const { status } = await props.searchParams;
  const returned =
    status === 'succeeded' || status === 'failed' || status === 'pending' ? status : null;
  return (
    <div className="grid gap-4">
      <PageHeader>
        <PageTitle>Your cards</PageTitle>
      </PageHeader>
      <CardsList returned={returned} />
    </div>
  );
}

import { PageHeader, PageTitle } from '@ducat/ui';
import type { Metadata } from 'next';
import { OrderHistory } from '@/components/wallet/history';
import { requireShopper } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Orders · Ducat' };

export default async function OrdersPage() {
  await requireShopper('/wallet/orders');
  return (
    <div className="grid gap-4">
      <PageHeader>
        <PageTitle>Your orders</PageTitle>
      </PageHeader>
      <OrderHistory />
    </div>
  );
}

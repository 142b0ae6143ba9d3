import { PageHeader, PageTitle } from '@ducat/ui';
import { AdminOrders } from '@/components/admin/admin-orders';

export default function OrdersPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Orders</PageTitle>
      </PageHeader>
      <AdminOrders />
    </>
  );
}

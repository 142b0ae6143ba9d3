import { PageHeader, PageTitle } from '@ducat/ui';
import { MerchantOrders } from '@/components/merchant/merchant-orders';

export default function OrdersPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Orders</PageTitle>
      </PageHeader>
      <MerchantOrders />
    </>
  );
}

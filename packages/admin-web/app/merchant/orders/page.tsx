import { MerchantOrders } from '@/components/merchant/merchant-orders';

export default function OrdersPage() {
  return (
    <>
      <h1>Orders</h1>
      <MerchantOrders />
    </>
  );
}

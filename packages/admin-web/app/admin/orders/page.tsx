import { AdminOrders } from '@/components/admin/admin-orders';

export default function OrdersPage() {
  return (
    <>
      <h1>Orders</h1>
      <AdminOrders />
    </>
  );
}

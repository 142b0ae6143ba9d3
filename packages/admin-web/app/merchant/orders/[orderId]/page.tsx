import { MerchantOrderDetail } from '@/components/merchant/merchant-order-detail';

export default async function OrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  return <MerchantOrderDetail orderId={orderId} />;
}

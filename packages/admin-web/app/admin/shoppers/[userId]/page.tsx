import { ShopperDetail } from '@/components/admin/shoppers';

export default async function ShopperPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  return <ShopperDetail userId={userId} />;
}

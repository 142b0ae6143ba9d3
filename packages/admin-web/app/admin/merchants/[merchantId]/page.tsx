import { MerchantDetail } from '@/components/admin/merchant-detail';

export default async function MerchantPage({
  params,
}: {
  params: Promise<{ merchantId: string }>;
}) {
  const { merchantId } = await params;
  return <MerchantDetail merchantId={merchantId} />;
}

import { MerchantOverview } from '@/components/merchant/merchant-overview';

export default function MerchantHome() {
  return <MerchantOverview />;
}

import { PageHeader, PageTitle } from '@ducat/ui';
import { MerchantBalance } from '@/components/merchant/merchant-balance';

export default function BalancePage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Balance and payouts</PageTitle>
      </PageHeader>
      <MerchantBalance />
    </>
  );
}

import { PageHeader, PageTitle } from '@ducat/ui';
import { MerchantList } from '@/components/admin/merchant-list';

export default function MerchantsPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Merchants</PageTitle>
      </PageHeader>
      <MerchantList />
    </>
  );
}

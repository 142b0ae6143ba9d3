import { PageHeader, PageTitle } from '@ducat/ui';
import { ShopperList } from '@/components/admin/shoppers';

export default function ShoppersPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Shoppers</PageTitle>
      </PageHeader>
      <ShopperList />
    </>
  );
}

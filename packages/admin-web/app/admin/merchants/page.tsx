import { MerchantList } from '@/components/admin/merchant-list';

export default function MerchantsPage() {
  return (
    <>
      <h1>Merchants</h1>
      <MerchantList />
    </>
  );
}

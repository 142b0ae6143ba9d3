import { ShopperList } from '@/components/admin/shoppers';

export default function ShoppersPage() {
  return (
    <>
      <h1>Shoppers</h1>
      <ShopperList />
    </>
  );
}

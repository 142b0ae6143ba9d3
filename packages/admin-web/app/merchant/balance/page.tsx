import { MerchantBalance } from '@/components/merchant/merchant-balance';

export default function BalancePage() {
  return (
    <>
      <h1>Balance and payouts</h1>
      <MerchantBalance />
    </>
  );
}

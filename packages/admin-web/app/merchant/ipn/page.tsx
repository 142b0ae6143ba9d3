'use client';

import { IpnDeliveries } from '@/components/ipn-deliveries';
import { useOwnMerchantId } from '@/lib/staff-context';

export default function IpnPage() {
  const merchantId = useOwnMerchantId();
  return (
    <>
      <h1>IPN deliveries</h1>
      <IpnDeliveries merchantId={merchantId} />
    </>
  );
}

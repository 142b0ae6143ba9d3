'use client';

import { IpnDeliveries } from '@/components/ipn-deliveries';
import { useMode } from '@/lib/mode';
import { useOwnMerchantId } from '@/lib/staff-context';

export default function IpnPage() {
  const merchantId = useOwnMerchantId();
  const mode = useMode();
  return (
    <>
      <h1>IPN deliveries</h1>
      <IpnDeliveries merchantId={merchantId} mode={mode} />
    </>
  );
}

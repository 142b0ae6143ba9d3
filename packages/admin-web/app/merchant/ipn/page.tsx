'use client';

import { PageHeader, PageTitle } from '@ducat/ui';
import { IpnDeliveries } from '@/components/ipn-deliveries';
import { useMode } from '@/lib/mode';
import { useOwnMerchantId } from '@/lib/staff-context';

export default function IpnPage() {
  const merchantId = useOwnMerchantId();
  const mode = useMode();
  return (
    <>
      <PageHeader>
        <PageTitle>IPN deliveries</PageTitle>
      </PageHeader>
      <IpnDeliveries merchantId={merchantId} mode={mode} />
    </>
  );
}

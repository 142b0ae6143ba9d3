'use client';

import { PageHeader, PageTitle } from '@ducat/ui';
import { CredentialsPanel } from '@/components/credentials-panel';
import { useOwnMerchantId } from '@/lib/staff-context';

export default function KeysPage() {
  const merchantId = useOwnMerchantId();
  return (
    <>
      <PageHeader>
        <PageTitle>Keys and secrets</PageTitle>
      </PageHeader>
      <p className="muted">
        API keys sign your server&apos;s requests (merchant JWT); webhook secrets sign the IPNs we
        send you. Rotating keeps the old one valid for a grace period.
      </p>
      <CredentialsPanel merchantId={merchantId} />
    </>
  );
}

'use client';

import { CredentialsPanel } from '@/components/credentials-panel';
import { useOwnMerchantId } from '@/lib/staff-context';

export default function KeysPage() {
  const merchantId = useOwnMerchantId();
  return (
    <>
      <h1>Keys and secrets</h1>
      <p className="muted">
        API keys sign your server&apos;s requests (merchant JWT); webhook secrets sign the IPNs we
        send you. Rotating keeps the old one valid for a grace period.
      </p>
      <CredentialsPanel merchantId={merchantId} />
    </>
  );
}

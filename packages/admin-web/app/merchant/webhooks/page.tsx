'use client';

import { PageHeader, PageTitle } from '@ducat/ui';
import { WebhookEndpointsPanel } from '@/components/webhook-endpoints-panel';
import { useMode } from '@/lib/mode';
import { useOwnMerchantId } from '@/lib/staff-context';

export default function WebhooksPage() {
  const merchantId = useOwnMerchantId();
  const mode = useMode();
  return (
    <>
      <PageHeader>
        <PageTitle>Webhooks</PageTitle>
      </PageHeader>
      <p className="muted">
        Every endpoint receives the events it subscribes to, signed with its own secret. Add one per
        environment or developer; for your machine, use <code>ducat listen</code>.
      </p>
      <WebhookEndpointsPanel merchantId={merchantId} mode={mode} />
    </>
  );
}

'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { DateTime } from '@/components/date-time';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import type { MerchantStatus } from '@/lib/api-types';
import { useOwnMerchantId } from '@/lib/staff-context';
import { useTRPC } from '@/lib/trpc';

const STATUS_TEXT: Record<MerchantStatus, string> = {
  pending: 'Your application is being reviewed. You can prepare your keys meanwhile.',
  active: 'Your account is active: you can take payments.',
  suspended: 'Your account is suspended: payments are refused. Contact Ducat support.',
  closed: 'Your account is closed.',
};

/** The merchant's home: its application status and profile. */
export function MerchantOverview() {
  const trpc = useTRPC();
  const merchantId = useOwnMerchantId();
  const query = useQuery(trpc.merchant.get.queryOptions({ merchantId }));
  return (
    <QueryState query={query}>
      {(m) => (
        <>
          <h1>
            {m.businessName} <StatusBadge status={m.status} />
          </h1>
          <p role="status">{STATUS_TEXT[m.status]}</p>
          <dl className="facts">
            <dt>Merchant id</dt>
            <dd>
              <code data-testid="merchant-id">{m.id}</code>
            </dd>
            <dt>Website</dt>
            <dd>{m.website}</dd>
            <dt>Fee</dt>
            <dd>{m.feeBps} bps per payment</dd>
            <dt>Applied</dt>
            <dd>
              <DateTime value={m.createdAt} />
            </dd>
          </dl>
          <p>
            Next: <Link href="/merchant/keys">create your API keys</Link>, then check your{' '}
            <Link href="/merchant/settings">return and IPN URLs</Link>.
          </p>
        </>
      )}
    </QueryState>
  );
}

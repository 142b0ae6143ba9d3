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
  pending: 'Your application is being reviewed. You can prepare your test keys meanwhile.',
  active: 'Your account is active: you can take payments.',
  suspended: 'Your account is suspended: payments are refused. Contact Ducat support.',
  closed: 'Your account is closed.',
};

/** The merchant's home: the onboarding application's status and what each mode allows. */
export function MerchantOverview() {
  const trpc = useTRPC();
  const merchantId = useOwnMerchantId();
  const query = useQuery(trpc.merchant.application.status.queryOptions({ merchantId }));
  return (
    <QueryState query={query}>
      {(a) => (
        <>
          <h1>
            {a.businessName} <StatusBadge status={a.status} />
          </h1>
          <p role="status">{STATUS_TEXT[a.status]}</p>
          <dl className="facts">
            <dt>Merchant id</dt>
            <dd>
              <code data-testid="merchant-id">{a.merchantId}</code>
            </dd>
            <dt>Applied</dt>
            <dd>
              <DateTime value={a.submittedAt} />
            </dd>
            <dt>Decided</dt>
            <dd>
              <DateTime value={a.decidedAt} />
            </dd>
            {a.reason ? (
              <>
                <dt>Reason</dt>
                <dd>{a.reason}</dd>
              </>
            ) : null}
            <dt>Test mode</dt>
            <dd>{a.testModeAvailable ? 'available' : 'not available'}</dd>
            <dt>Live mode</dt>
            <dd>{a.liveModeAvailable ? 'available' : 'not available until approved'}</dd>
          </dl>
          <p>
            Next: <Link href="/merchant/keys">create your API keys</Link>, check your{' '}
            <Link href="/merchant/settings">return and IPN URLs</Link>, then follow your{' '}
            <Link href="/merchant/orders">orders</Link>.
          </p>
        </>
      )}
    </QueryState>
  );
}

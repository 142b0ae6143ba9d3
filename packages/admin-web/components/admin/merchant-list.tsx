'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { z } from 'zod';
import { DataTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { StatusBadge } from '@/components/status-badge';
import type { Merchant } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';
import { useUrlPager, useUrlState } from '@/lib/url-state';

const PAGE = 25;
const ZStatus = z.enum(['pending', 'active', 'suspended', 'closed']).optional().catch(undefined);

export function MerchantList() {
  const trpc = useTRPC();
  const { get, set } = useUrlState();
  const { cursor } = useUrlPager();
  const status = ZStatus.parse(get('status'));
  const query = useQuery(
    trpc.admin.merchants.list.queryOptions({ status, limit: PAGE, before: cursor }),
  );
  const rows = query.data;
  const nextCursor = rows && rows.length === PAGE ? rows.at(-1)?.id : undefined;
  return (
    <>
      <form className="filters" aria-label="Filter merchants" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select
            name="status"
            value={status ?? ''}
            onChange={(e) => set({ status: e.currentTarget.value || undefined })}
          >
            <option value="">Any</option>
            <option value="pending">Pending (to approve)</option>
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
            <option value="closed">Closed</option>
          </select>
        </label>
      </form>
      <DataTable<Merchant>
        caption="Merchants, newest first"
        rows={rows}
        rowKey={(m) => m.id}
        isPending={query.isPending}
        error={query.error}
        refetch={query.refetch}
        nextCursor={nextCursor}
        empty="No merchant matches these filters."
        columns={[
          {
            key: 'name',
            header: 'Business',
            render: (m) => <Link href={`/admin/merchants/${m.id}`}>{m.businessName}</Link>,
          },
          { key: 'id', header: 'Id', render: (m) => <code>{m.id}</code> },
          { key: 'email', header: 'Contact', render: (m) => m.contactEmail },
          { key: 'status', header: 'Status', render: (m) => <StatusBadge status={m.status} /> },
          { key: 'fee', header: 'Fee (bps)', numeric: true, render: (m) => m.feeBps },
          { key: 'created', header: 'Applied', render: (m) => <DateTime value={m.createdAt} /> },
        ]}
      />
    </>
  );
}

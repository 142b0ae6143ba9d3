'use client';

import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { DataTable, useUrlPageSize, useUrlSort } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { Id } from '@/components/id';
import { StatusBadge } from '@/components/status-badge';
import { UrlFilterForm } from '@/components/url-filter-form';
import type { Merchant } from '@/lib/api-types';
import { optionalParam, ZMerchantId } from '@/lib/params';
import { statusInfo } from '@/lib/status';
import { useTRPC } from '@/lib/trpc';
import { useUrlPager, useUrlState } from '@/lib/url-state';

const ZStatus = optionalParam(z.enum(['pending', 'active', 'suspended', 'closed']));
const ZText = optionalParam(z.string().trim().min(1).max(200));
const ZMerchantParam = optionalParam(ZMerchantId);
const SORT_FIELDS = ['createdAt', 'updatedAt', 'businessName', 'feeBps'] as const;

/** Merchants: search by id, name, email and status; sorted by the server. */
export function MerchantList() {
  const trpc = useTRPC();
  const { get } = useUrlState();
  const { cursor } = useUrlPager();
  const pageSize = useUrlPageSize();
  const urlSort = useUrlSort();
  const field = SORT_FIELDS.find((f) => f === urlSort?.field) ?? 'createdAt';
  const sort = { field, dir: urlSort?.dir ?? ('desc' as const) };
  const status = ZStatus.parse(get('status'));
  const query = useQuery(
    trpc.admin.merchants.list.queryOptions({
      status,
      name: ZText.parse(get('name')),
      email: ZText.parse(get('email')),
      merchantId: ZMerchantParam.parse(get('merchantId')),
      sort,
      cursor,
      limit: pageSize,
    }),
  );
  return (
    <>
      <UrlFilterForm
        label="Search merchants"
        fields={['name', 'email', 'merchantId', 'status']}
        chips={{
          labels: { name: 'Name', email: 'Email', merchantId: 'Merchant id', status: 'Status' },
          format: (field, value) => (field === 'status' ? statusInfo(value).label : value),
        }}
      >
        <label>
          Name contains
          <input name="name" defaultValue={get('name')} />
        </label>
        <label>
          Email
          <input name="email" defaultValue={get('email')} />
        </label>
        <label>
          Merchant id
          <input name="merchantId" defaultValue={get('merchantId')} placeholder="mch_…" />
        </label>
        <label>
          Status
          <select name="status" defaultValue={status ?? ''} key={status ?? 'any'}>
            <option value="">Any</option>
            <option value="pending">Pending (to approve)</option>
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
            <option value="closed">Closed</option>
          </select>
        </label>
        <button type="submit">Search</button>
      </UrlFilterForm>
      <DataTable<Merchant>
        pageSize={pageSize}
        caption="Merchants"
        query={query}
        rowKey={(m) => m.id}
        rowHref={(m) => `/admin/merchants/${m.id}`}
        sort={sort}
        empty="No merchant matches these filters."
        columns={[
          {
            key: 'name',
            header: 'Business',
            sortField: 'businessName',
            render: (m) => m.businessName,
          },
          { key: 'id', header: 'Id', render: (m) => <Id value={m.id} /> },
          { key: 'email', header: 'Contact', render: (m) => m.contactEmail },
          { key: 'status', header: 'Status', render: (m) => <StatusBadge status={m.status} /> },
          {
            key: 'fee',
            header: 'Fee (bps)',
            numeric: true,
            sortField: 'feeBps',
            render: (m) => m.feeBps,
          },
          {
            key: 'created',
            header: 'Applied',
            sortField: 'createdAt',
            render: (m) => <DateTime value={m.createdAt} />,
          },
        ]}
      />
    </>
  );
}

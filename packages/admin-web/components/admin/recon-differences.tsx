'use client';

import { CopyButton, ShortId } from '@ducat/ui';

import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { DataTable, useUrlPageSize } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { Id } from '@/components/id';
import { Money } from '@/components/money';
import { StatusBadge } from '@/components/status-badge';
import { UrlFilterForm } from '@/components/url-filter-form';
import type { ApiOutputs } from '@/lib/api-types';
import { optionalParam, ZMerchantId } from '@/lib/params';
import { useStaff } from '@/lib/staff-context';
import { useTRPC } from '@/lib/trpc';
import { useUrlPager, useUrlState } from '@/lib/url-state';

type Difference = ApiOutputs['admin']['recon']['differences']['list']['items'][number];

export const RECON_CATEGORIES = [
  'missing_in_ledger',
  'missing_at_provider',
  'missing_order',
  'amount_mismatch',
  'currency_mismatch',
  'status_mismatch',
  'duplicate',
] as const;

const ZStatus = z.enum(['open', 'resolved', 'all']).catch('open');
const ZCategory = optionalParam(z.enum(RECON_CATEGORIES));
const ZMerchant = optionalParam(ZMerchantId);

/** The finance queue: differences found by runs, filtered in the URL, newest first. */
export function DifferenceList() {
  const trpc = useTRPC();
  const me = useStaff();
  const { get, set } = useUrlState();
  const { cursor } = useUrlPager('diff');
  const diffPageSize = useUrlPageSize('diff');
  const status = ZStatus.parse(get('status'));
  const category = ZCategory.parse(get('category'));
  const merchantId = ZMerchant.parse(get('merchantId'));
  const mine = get('mine') === '1';
  const query = useQuery(
    trpc.admin.recon.differences.list.queryOptions({
      status: status === 'all' ? undefined : status,
      category,
      merchantId,
      assigneeId: mine ? me.id : undefined,
      cursor,
      limit: diffPageSize,
    }),
  );
  return (
    <section aria-labelledby="queue-heading">
      <h2 id="queue-heading">Differences</h2>
      <UrlFilterForm label="Filter differences" fields={['merchantId']}>
        <label>
          Status
          <select value={status} onChange={(e) => set({ status: e.currentTarget.value })}>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
            <option value="all">All</option>
          </select>
        </label>
        <label>
          Category
          <select
            value={category ?? ''}
            onChange={(e) => set({ category: e.currentTarget.value || undefined })}
          >
            <option value="">Any</option>
            {RECON_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Merchant
          <input name="merchantId" defaultValue={merchantId} placeholder="mch_…" />
        </label>
        <label className="check">
          <span>
            <input
              type="checkbox"
              checked={mine}
              onChange={(e) => set({ mine: e.currentTarget.checked ? '1' : undefined })}
            />{' '}
            Assigned to me
          </span>
        </label>
        <button type="submit">Filter</button>
      </UrlFilterForm>
      <DataTable<Difference>
        pageSize={diffPageSize}
        caption="Differences"
        query={query}
        rowKey={(d) => d.id}
        rowHref={(d) => `/admin/reconciliation/differences/${d.id}`}
        pager="diff"
        empty="No difference matches: everything reconciles."
        columns={[
          {
            key: 'id',
            header: 'Difference',
            render: (d) => <ShortId value={d.id} />,
            aside: (d) => <CopyButton value={d.id} label="Copy difference id" />,
          },
          { key: 'category', header: 'Category', render: (d) => d.category.replaceAll('_', ' ') },
          { key: 'subject', header: 'Subject', render: (d) => <Id value={d.subjectId} /> },
          {
            key: 'merchant',
            header: 'Merchant',
            render: (d) => (d.merchantId ? (d.merchantName ?? <Id value={d.merchantId} />) : '—'),
          },
          {
            key: 'delta',
            header: 'Delta',
            numeric: true,
            render: (d) => <Money amount={d.delta} currency={d.currency} />,
          },
          { key: 'status', header: 'Status', render: (d) => <StatusBadge status={d.status} /> },
          {
            key: 'assignee',
            header: 'Assignee',
            render: (d) => d.assigneeName ?? (d.assigneeId ? <Id value={d.assigneeId} /> : '—'),
          },
          { key: 'found', header: 'Found', render: (d) => <DateTime value={d.createdAt} /> },
        ]}
      />
    </section>
  );
}

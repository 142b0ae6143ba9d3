'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { z } from 'zod';
import { OrderLink } from '@/components/admin/order-link';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import { DataTable, useUrlPageSize, useUrlSort } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { Money } from '@/components/money';
import { StatusBadge } from '@/components/status-badge';
import { UrlFilterForm } from '@/components/url-filter-form';
import type { ApiOutputs } from '@/lib/api-types';
import { optionalParam, ZMerchantId } from '@/lib/params';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';
import { useUrlPager, useUrlState } from '@/lib/url-state';

type Entry = ApiOutputs['admin']['exceptions']['list']['items'][number];
const ZStatus = z.enum(['open', 'refunded', 'honoured', 'all']).catch('open');
const ZNote = z.string().trim().max(500);

export function ExceptionQueue() {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const { get, set } = useUrlState();
  const status = ZStatus.parse(get('status'));
  const { cursor } = useUrlPager();
  const pageSize = useUrlPageSize();
  const urlSort = useUrlSort();
  const field = (['createdAt', 'amount'] as const).find((f) => f === urlSort?.field) ?? 'createdAt';
  const sort = { field, dir: urlSort?.dir ?? ('desc' as const) };
  const merchantId = optionalParam(ZMerchantId).parse(get('merchantId'));
  const query = useQuery(
    trpc.admin.exceptions.list.queryOptions({
      status: status === 'all' ? undefined : status,
      merchantId,
      sort,
      cursor,
      limit: pageSize,
    }),
  );
  const resolve = useMutation(
    trpc.admin.exceptions.resolve.mutationOptions({
      meta: success((_d, v: { action: string }) =>
        v.action === 'refund' ? 'Shopper refunded' : 'Payment honoured',
      ),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.admin.exceptions.pathKey() }),
    }),
  );
  const mayResolve = can(me.role, 'exceptions.resolve');
  return (
    <>
      <UrlFilterForm label="Filter exceptions" fields={['merchantId']}>
        <label>
          Status
          <select value={status} onChange={(e) => set({ status: e.currentTarget.value })}>
            <option value="open">Open</option>
            <option value="refunded">Refunded</option>
            <option value="honoured">Honoured</option>
            <option value="all">All</option>
          </select>
        </label>
        <label>
          Merchant
          <input name="merchantId" defaultValue={merchantId} placeholder="mch_…" />
        </label>
        <button type="submit">Filter</button>
      </UrlFilterForm>
      <ApiErrorMessage error={resolve.error} />
      {resolve.isSuccess ? (
        <p role="status">
          Exception {resolve.data.id} {resolve.data.status}.
        </p>
      ) : null}
      <DataTable<Entry>
        pageSize={pageSize}
        caption="Exceptions"
        sort={sort}
        query={query}
        rowKey={(e) => e.id}
        empty="The queue is empty."
        columns={[
          { key: 'order', header: 'Order', render: (e) => <OrderLink orderId={e.orderId} /> },
          {
            key: 'merchant',
            header: 'Merchant',
            render: (e) => <Link href={`/admin/merchants/${e.merchantId}`}>{e.merchantName}</Link>,
          },
          {
            key: 'amount',
            header: 'Amount',
            numeric: true,
            sortField: 'amount',
            render: (e) => <Money amount={e.amount} currency={e.currency} />,
          },
          { key: 'status', header: 'Status', render: (e) => <StatusBadge status={e.status} /> },
          {
            key: 'created',
            header: 'Arrived',
            sortField: 'createdAt',
            render: (e) => <DateTime value={e.createdAt} />,
          },
          { key: 'note', header: 'Note', render: (e) => e.note ?? '—' },
          {
            key: 'actions',
            header: 'Resolve',
            render: (e) =>
              mayResolve && e.status === 'open' ? (
                <div className="row-actions">
                  {(['refund', 'honour'] as const).map((action) => (
                    <ConfirmButton
                      key={action}
                      label={action === 'refund' ? 'Refund shopper' : 'Honour payment'}
                      title={`${action === 'refund' ? 'Refund' : 'Honour'} ${e.orderId}?`}
                      danger={action === 'refund'}
                      description={
                        action === 'refund' ? (
                          <p>The provider pays the shopper back. This cannot be undone.</p>
                        ) : (
                          <p>
                            The merchant is credited and the order becomes{' '}
                            <code>checkout_success</code> (with its IPN). This cannot be undone.
                          </p>
                        )
                      }
                      onConfirm={async (form) => {
                        const note = ZNote.parse(String(form.get('note') ?? ''));
                        await resolve.mutateAsync({
                          exceptionId: e.id,
                          action,
                          note: note || undefined,
                        });
                      }}
                    >
                      <label>
                        Note (optional)
                        <input name="note" maxLength={500} />
                      </label>
                    </ConfirmButton>
                  ))}
                </div>
              ) : (
                (e.resolvedAt && <DateTime value={e.resolvedAt} />) || '—'
              ),
          },
        ]}
      />
    </>
  );
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { UrlFilterForm } from '@/components/url-filter-form';
import type { ApiOutputs } from '@/lib/api-types';
import { optionalParam } from '@/lib/params';
import { success, useTRPC } from '@/lib/trpc';
import { useUrlPager, useUrlState } from '@/lib/url-state';
import { ApiErrorMessage } from './api-error-message';
import { DataTable, useUrlPageSize } from './data-table';
import { DateTime } from './date-time';
import { QueryState } from './query-state';
import { StatusBadge } from './status-badge';

type Delivery = ApiOutputs['merchant']['ipn']['list']['items'][number];
const ZMode = z.enum(['test', 'live']).catch('test');
const ZStatus = optionalParam(z.enum(['pending', 'delivered', 'failed']));

function Attempts({ merchantId, deliveryId }: { merchantId: string; deliveryId: string }) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.merchant.ipn.attempts.queryOptions({ merchantId, deliveryId, limit: 50 }),
  );
  return (
    <QueryState
      query={query}
      isEmpty={(d) => d.items.length === 0}
      empty="No attempt yet."
      label="Loading attempts…"
    >
      {(data) => (
        <ul className="attempts">
          {data.items.map((a) => (
            <li key={a.id}>
              <DateTime value={a.attemptedAt} /> · {a.trigger} ·{' '}
              {a.statusCode ? `HTTP ${a.statusCode}` : (a.error ?? 'no answer')} · {a.latencyMs} ms
            </li>
          ))}
        </ul>
      )}
    </QueryState>
  );
}

/** The toast a manual resend shows: what the merchant's endpoint answered. */
export const resentToast = success(
  (r: { attempt: { statusCode: number | null; error: string | null } }) =>
    r.attempt.statusCode !== null && r.attempt.statusCode >= 200 && r.attempt.statusCode < 300
      ? {
          title: 'IPN resent',
          description: `Your endpoint answered HTTP ${r.attempt.statusCode}.`,
          tone: 'success' as const,
        }
      : {
          title: 'IPN resent, not acknowledged',
          description:
            r.attempt.statusCode !== null
              ? `Your endpoint answered HTTP ${r.attempt.statusCode}; retries continue on schedule.`
              : `${r.attempt.error ?? 'No answer'}; retries continue on schedule.`,
          tone: 'error' as const,
        },
);

/** A merchant's IPN deliveries (filters in the URL), each with its attempts and a resend button. */
export function IpnDeliveries({
  merchantId,
  mode: fixedMode,
  orderId: fixedOrderId,
}: {
  merchantId: string;
  /** The merchant area's switch decides the mode; platform staff pick it here. */
  mode?: 'test' | 'live';
  /** Only this order's deliveries (on an order's page). */
  orderId?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { get, set } = useUrlState();
  const { cursor } = useUrlPager('ipn');
  const ipnPageSize = useUrlPageSize('ipn');
  const mode = fixedMode ?? ZMode.parse(get('mode'));
  const status = ZStatus.parse(get('ipnStatus'));
  const orderId = fixedOrderId ?? get('orderId');
  const [open, setOpen] = useState<string | undefined>();
  const query = useQuery(
    trpc.merchant.ipn.list.queryOptions({
      merchantId,
      mode,
      status,
      orderId,
      cursor,
      limit: ipnPageSize,
    }),
  );
  const resend = useMutation(
    trpc.merchant.ipn.resend.mutationOptions({
      meta: resentToast,
      onSuccess: (result) => {
        // Show the attempt the resend just made: the delivery's attempt count is the schedule's
        // and does not move on a manual resend, so the attempts list is where it appears.
        setOpen(result.delivery.id);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.merchant.ipn.pathKey() }),
    }),
  );
  return (
    <section aria-labelledby="ipn-heading">
      <h2 id="ipn-heading">IPN deliveries</h2>
      <UrlFilterForm label="Filter IPN deliveries" fields={['orderId']}>
        {fixedMode ? null : (
          <label>
            Mode
            <select value={mode} onChange={(e) => set({ mode: e.currentTarget.value })}>
              <option value="test">Test</option>
              <option value="live">Live</option>
            </select>
          </label>
        )}
        <label>
          Status
          <select
            value={status ?? ''}
            onChange={(e) => set({ ipnStatus: e.currentTarget.value || undefined })}
          >
            <option value="">Any</option>
            <option value="pending">Pending</option>
            <option value="delivered">Delivered</option>
            <option value="failed">Failed</option>
          </select>
        </label>
        {fixedOrderId ? null : (
          <>
            <label>
              Order id
              <input name="orderId" defaultValue={orderId} maxLength={40} />
            </label>
            <button type="submit">Filter</button>
          </>
        )}
      </UrlFilterForm>
      <ApiErrorMessage error={resend.error} />
      <DataTable<Delivery>
        pageSize={ipnPageSize}
        caption="IPN deliveries, newest first"
        query={query}
        rowKey={(d) => d.id}
        pager="ipn"
        empty="No IPN sent in this mode yet."
        columns={[
          { key: 'type', header: 'Event', render: (d) => d.type },
          { key: 'order', header: 'Order', render: (d) => <code>{d.orderId}</code> },
          {
            key: 'url',
            header: 'Endpoint',
            render: (d) => <span className="break-all">{d.url}</span>,
          },
          { key: 'status', header: 'Status', render: (d) => <StatusBadge status={d.status} /> },
          { key: 'attempts', header: 'Attempts', numeric: true, render: (d) => d.attempts },
          {
            key: 'last',
            header: 'Last answer',
            render: (d) => (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—')),
          },
          { key: 'created', header: 'Created', render: (d) => <DateTime value={d.createdAt} /> },
          {
            key: 'actions',
            header: 'Actions',
            render: (d) => (
              <div className="row-actions">
                <button
                  type="button"
                  aria-expanded={open === d.id}
                  onClick={() => setOpen(open === d.id ? undefined : d.id)}
                >
                  Attempts
                </button>
                <button
                  type="button"
                  disabled={resend.isPending}
                  onClick={() => resend.mutate({ merchantId, deliveryId: d.id })}
                >
                  {resend.isPending && resend.variables?.deliveryId === d.id
                    ? 'Resending…'
                    : 'Resend'}
                </button>
                {open === d.id ? <Attempts merchantId={merchantId} deliveryId={d.id} /> : null}
              </div>
            ),
          },
        ]}
      />
    </section>
  );
}

'use client';

import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import type { ApiOutputs } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';
import { useUrlPager, useUrlState } from '@/lib/url-state';
import { DataTable } from './data-table';
import { DateTime } from './date-time';

type Entry = ApiOutputs['admin']['audit'][number];
const PAGE = 25;

/** The audit log, newest first: the whole platform's, or one merchant's. */
export function AuditTable({ merchantId }: { merchantId?: string }) {
  const trpc = useTRPC();
  const { cursor } = useUrlPager('audit');
  const before = cursor ? Number(cursor) : undefined;
  const query = useQuery(trpc.admin.audit.queryOptions({ merchantId, limit: PAGE, before }));
  const rows = query.data;
  const last = rows?.at(-1);
  return (
    <DataTable<Entry>
      caption="Audit entries, newest first"
      rows={rows}
      rowKey={(e) => String(e.id)}
      pager="audit"
      isPending={query.isPending}
      error={query.error}
      refetch={query.refetch}
      nextCursor={rows && rows.length === PAGE && last ? String(last.id) : undefined}
      empty="No audit entry."
      columns={[
        { key: 'when', header: 'When', render: (e) => <DateTime value={e.createdAt} /> },
        { key: 'action', header: 'Action', render: (e) => <code>{e.action}</code> },
        { key: 'actor', header: 'Actor', render: (e) => `${e.actorType} ${e.actorId}` },
        {
          key: 'target',
          header: 'Target',
          render: (e) => (e.targetId ? `${e.targetType ?? ''} ${e.targetId}` : '—'),
        },
        { key: 'ip', header: 'IP', render: (e) => e.ip ?? '—' },
        {
          key: 'change',
          header: 'Change',
          render: (e) =>
            e.before !== null || e.after !== null ? (
              <details>
                <summary>before / after</summary>
                <pre>{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
              </details>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}

const ZMerchantId = z.string().regex(/^mch_[1-9A-Za-z]{22}$/);

/** The audit log page: filtered by merchant through the URL. */
export function AuditLog() {
  const { get, set } = useUrlState();
  const merchantId = ZMerchantId.optional().catch(undefined).parse(get('merchantId'));
  return (
    <>
      <form
        className="filters"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          const value = String(new FormData(e.currentTarget).get('merchantId') ?? '').trim();
          set({ merchantId: value || undefined });
        }}
      >
        <label>
          Merchant
          <input name="merchantId" defaultValue={merchantId} placeholder="mch_…" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <AuditTable merchantId={merchantId} />
    </>
  );
}

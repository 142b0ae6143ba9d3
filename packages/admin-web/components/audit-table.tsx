'use client';

import { useQuery } from '@tanstack/react-query';
import type { ApiOutputs } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';
import { useUrlPager } from '@/lib/url-state';
import { DataTable } from './data-table';
import { DateTime } from './date-time';

type Entry = ApiOutputs['admin']['audit'][number];
const PAGE = 25;

/**
 * The audit log, newest first: the platform's (admin.audit) or one merchant's. Merchant staff
 * read their own merchant's through merchant.audit.
 */
export function AuditTable({ merchantId, own }: { merchantId?: string; own?: boolean }) {
  const trpc = useTRPC();
  const { cursor } = useUrlPager('audit');
  const before = cursor ? Number(cursor) : undefined;
  const platform = useQuery({
    ...trpc.admin.audit.queryOptions({ merchantId, limit: PAGE, before }),
    enabled: !own,
  });
  const merchant = useQuery({
    ...trpc.merchant.audit.queryOptions({ merchantId: merchantId ?? '', limit: PAGE, before }),
    enabled: Boolean(own && merchantId),
  });
  const query = own ? merchant : platform;
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

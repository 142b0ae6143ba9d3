'use client';

import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import type { ApiInputs, ApiOutputs } from '@/lib/api-types';
import { endOfDay, optionalParam, startOfDay, ZDay, ZMerchantId } from '@/lib/params';
import { useTRPC } from '@/lib/trpc';
import { useUrlPager, useUrlState } from '@/lib/url-state';
import { DataTable, useUrlPageSize } from './data-table';
import { DateTime } from './date-time';

type Entry = ApiOutputs['admin']['audit']['items'][number];
type Filters = Omit<ApiInputs['admin']['audit'], 'cursor' | 'limit' | 'sort'>;

const opt = optionalParam;

/** The audit log, newest first, with the given filters (the whole platform's or one merchant's). */
export function AuditTable({ filters }: { filters: Filters }) {
  const trpc = useTRPC();
  const { cursor } = useUrlPager('audit');
  const auditPageSize = useUrlPageSize('audit');
  const query = useQuery(
    trpc.admin.audit.queryOptions({ ...filters, cursor, limit: auditPageSize }),
  );
  return (
    <DataTable<Entry>
      pageSize={auditPageSize}
      caption="Audit entries, newest first"
      query={query}
      rowKey={(e) => String(e.id)}
      pager="audit"
      empty="No audit entry matches."
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

const FIELDS = ['merchantId', 'actorId', 'action', 'targetType', 'targetId', 'from', 'to'] as const;

/** The audit log page: filters (merchant, actor, action, target, UTC days) kept in the URL. */
export function AuditLog() {
  const { get, set } = useUrlState();
  const from = opt(ZDay).parse(get('from'));
  const to = opt(ZDay).parse(get('to'));
  const filters: Filters = {
    merchantId: opt(ZMerchantId).parse(get('merchantId')),
    actorId: opt(z.string().min(1).max(40)).parse(get('actorId')),
    action: opt(z.string().min(1).max(120)).parse(get('action')),
    targetType: opt(z.string().min(1).max(40)).parse(get('targetType')),
    targetId: opt(z.string().min(1).max(64)).parse(get('targetId')),
    from: from ? startOfDay(from) : undefined,
    to: to ? endOfDay(to) : undefined,
  };
  return (
    <>
      <form
        className="filters"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          set(
            Object.fromEntries(
              FIELDS.map((f) => [f, String(form.get(f) ?? '').trim() || undefined]),
            ),
          );
        }}
      >
        <label>
          Merchant
          <input name="merchantId" defaultValue={get('merchantId')} placeholder="mch_…" />
        </label>
        <label>
          Actor
          <input name="actorId" defaultValue={get('actorId')} placeholder="stf_…" />
        </label>
        <label>
          Action
          <input name="action" defaultValue={get('action')} placeholder="merchant.status_changed" />
        </label>
        <label>
          Target type
          <input name="targetType" defaultValue={get('targetType')} />
        </label>
        <label>
          Target id
          <input name="targetId" defaultValue={get('targetId')} />
        </label>
        <label>
          From (UTC day)
          <input name="from" type="date" defaultValue={from} />
        </label>
        <label>
          To (UTC day)
          <input name="to" type="date" defaultValue={to} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <AuditTable filters={filters} />
    </>
  );
}

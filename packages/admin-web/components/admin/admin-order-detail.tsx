'use client';

import { PageHeader, PageTitle } from '@ducat/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { StaticTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { Id } from '@/components/id';
import { Money } from '@/components/money';
import { OrderFacts } from '@/components/order-facts';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import type { ApiOutputs } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';

type Detail = ApiOutputs['admin']['orders']['get'];

/** One order with everything about it: timeline, ledger transfers, provider and IPN attempts. */
export function AdminOrderDetail({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.admin.orders.get.queryOptions({ orderId }));
  return (
    <QueryState query={query}>
      {(d: Detail) => (
        <>
          <p>
            <Link href="/admin/orders">← Orders</Link> ·{' '}
            <Link href={`/admin/merchants/${d.order.merchantId}`}>Merchant</Link>
          </p>
          <PageHeader>
            <PageTitle>
              Order <code>{d.order.id}</code> <StatusBadge status={d.order.status} />
            </PageTitle>
          </PageHeader>
          <OrderFacts order={d.order} />
          {d.order.flaggedAt ? (
            <p role="note" className="error">
              Flagged as stuck <DateTime value={d.order.flaggedAt} />
            </p>
          ) : null}
          <h2>Timeline</h2>
          <ol className="timeline">
            {d.timeline.length === 0 ? <li className="empty">No event.</li> : null}
            {d.timeline.map((e) => (
              <li key={e.eventId}>
                <DateTime value={e.occurredAt} /> · <strong>{e.type}</strong>{' '}
                <span className="muted">#{e.seq}</span>
              </li>
            ))}
          </ol>
          <h2>Ledger transfers</h2>
          <StaticTable
            caption="Transfers keyed by this order"
            rows={d.transfers}
            rowKey={(t) => t.id}
            columns={[
              { key: 'id', header: 'Transfer', render: (t) => <Id value={t.id} /> },
              { key: 'kind', header: 'Kind', render: (t) => t.kind },
              { key: 'key', header: 'Key', render: (t) => <code>{t.idempotencyKey}</code> },
              { key: 'from', header: 'Debit', render: (t) => <Id value={t.debitAccountId} /> },
              { key: 'to', header: 'Credit', render: (t) => <Id value={t.creditAccountId} /> },
              {
                key: 'amount',
                header: 'Amount',
                numeric: true,
                render: (t) => <Money amount={t.postedAmount ?? t.amount} currency={t.currency} />,
              },
              { key: 'status', header: 'Status', render: (t) => <StatusBadge status={t.status} /> },
              { key: 'at', header: 'Created', render: (t) => <DateTime value={t.createdAt} /> },
            ]}
          />
          <h2>Provider attempts</h2>
          <StaticTable
            caption="Provider payments"
            rows={d.providerPayments}
            rowKey={(p) => p.id}
            columns={[
              { key: 'id', header: 'Payment', render: (p) => <Id value={p.id} /> },
              { key: 'provider', header: 'Provider', render: (p) => p.provider },
              { key: 'ref', header: 'Provider ref', render: (p) => p.providerRef ?? '—' },
              {
                key: 'amount',
                header: 'Amount',
                numeric: true,
                render: (p) => <Money amount={p.amount} currency={p.currency} />,
              },
              {
                key: 'status',
                header: 'Status',
                render: (p) => (
                  <>
                    <StatusBadge status={p.status} /> {p.failureCode ?? ''}
                    {p.flaggedAt ? (
                      <span className="muted">
                        {' '}
                        no answer, flagged <DateTime value={p.flaggedAt} />
                      </span>
                    ) : null}
                  </>
                ),
              },
              { key: 'at', header: 'Started', render: (p) => <DateTime value={p.createdAt} /> },
              {
                key: 'settled',
                header: 'Settled',
                render: (p) => <DateTime value={p.settledAt} />,
              },
            ]}
          />
          <h2>IPN deliveries and attempts</h2>
          <StaticTable
            caption="IPNs sent for this order"
            rows={d.ipnDeliveries}
            rowKey={(i) => i.id}
            columns={[
              { key: 'type', header: 'Event', render: (i) => `${i.type} #${i.seq}` },
              { key: 'status', header: 'Status', render: (i) => <StatusBadge status={i.status} /> },
              {
                key: 'attempts',
                header: 'Attempts',
                render: (i) =>
                  i.attemptLog.length === 0 ? (
                    'none yet'
                  ) : (
                    <ul className="attempts">
                      {i.attemptLog.map((a) => (
                        <li key={a.id}>
                          <DateTime value={a.attemptedAt} /> · {a.trigger} ·{' '}
                          {a.statusCode ? `HTTP ${a.statusCode}` : (a.error ?? 'no answer')}
                        </li>
                      ))}
                    </ul>
                  ),
              },
            ]}
          />
          <h2>Risk decisions</h2>
          <StaticTable
            caption="Decisions at checkout"
            rows={d.riskDecisions}
            rowKey={(r) => r.id}
            columns={[
              { key: 'at', header: 'When', render: (r) => <DateTime value={r.createdAt} /> },
              { key: 'method', header: 'Method', render: (r) => r.method },
              {
                key: 'decision',
                header: 'Decision',
                render: (r) => <StatusBadge status={r.decision} />,
              },
              { key: 'reasons', header: 'Reasons', render: (r) => r.reasons.join(', ') || '—' },
              { key: 'rules', header: 'Rules', render: (r) => `v${r.ruleVersion}` },
            ]}
          />
          <h2>Refunds</h2>
          <StaticTable
            caption="Refunds"
            rows={d.refunds}
            rowKey={(r) => r.id}
            columns={[
              { key: 'id', header: 'Refund', render: (r) => <Id value={r.id} /> },
              {
                key: 'amount',
                header: 'Amount',
                numeric: true,
                render: (r) => <Money amount={r.amount} currency={r.currency} />,
              },
              { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.status} /> },
              { key: 'at', header: 'Created', render: (r) => <DateTime value={r.createdAt} /> },
            ]}
          />
          <h2>Exceptions</h2>
          <StaticTable
            caption="Exception queue entries"
            rows={d.exceptions}
            rowKey={(e) => e.id}
            columns={[
              { key: 'id', header: 'Exception', render: (e) => <Id value={e.id} /> },
              {
                key: 'amount',
                header: 'Amount',
                numeric: true,
                render: (e) => <Money amount={e.amount} currency={e.currency} />,
              },
              { key: 'status', header: 'Status', render: (e) => <StatusBadge status={e.status} /> },
              { key: 'note', header: 'Note', render: (e) => e.note ?? '—' },
            ]}
          />
        </>
      )}
    </QueryState>
  );
}
